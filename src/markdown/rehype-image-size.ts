import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { imageSize } from 'image-size';
import { visit } from 'unist-util-visit';

/**
 * Gives every article image served from `public/` its intrinsic width and height (no layout shift
 * while it loads) and lets the browser load it lazily. Images from elsewhere are left as written.
 */
export function rehypeImageSize(options: { publicDir: string }) {
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
