import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Element, Root } from 'hast';
import { imageSize } from 'image-size';
import { visit } from 'unist-util-visit';

/**
 * Gives every article image served from `public/` its intrinsic width and height (no layout shift
 * while it loads) and lets the browser load it lazily. Images from elsewhere are left as written.
 */
export function rehypeImageSize(options: { publicDir: string; digest?: string }) {
  const sizes = new Map<string, { width: number; height: number } | null>();
  const sizeOf = (src: string) => {
    if (!sizes.has(src)) {
      try {
        const { width, height } = imageSize(readFileSync(join(options.publicDir, decodeURI(src))));
        sizes.set(src, width && height ? { width, height } : null);
      } catch {
        sizes.set(src, null); // check:content reports missing images with their file and line
      }
    }
    return sizes.get(src);
  };

  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'img') return;
      node.properties.loading ??= 'lazy';
      node.properties.decoding ??= 'async';
      const src = node.properties.src;
      if (typeof src !== 'string' || !src.startsWith('/') || src.startsWith('//')) return;
      const size = sizeOf(src.split(/[?#]/)[0] ?? src);
      if (size && node.properties.width === undefined) {
        node.properties.width = size.width;
        node.properties.height = size.height;
      }
    });
  };
}

const IMAGE_FILE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

/**
 * A fingerprint of every image in `public/` (path, size, modification time). Passed in the plugin's
 * options, it becomes part of the Astro config that the content layer hashes, so adding or replacing an
 * image re-renders the articles instead of serving cached HTML with stale or missing sizes.
 */
export function publicImagesDigest(publicDir: string): string {
  const hash = createHash('sha256');
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (IMAGE_FILE.test(entry.name)) {
        const stats = statSync(path);
        hash.update(`${relative(publicDir, path)}\0${stats.size}\0${stats.mtimeMs}\n`);
      }
    }
  };
  visit(publicDir);
  return hash.digest('hex').slice(0, 16);
}
