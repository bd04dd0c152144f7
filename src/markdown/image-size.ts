import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageSize } from 'image-size';

export type ImageSizer = (src: string) => { width: number; height: number } | undefined;

/**
 * Reads the intrinsic size of images served from `public/` (`/images/x.png`), once per file, so pages can
 * reserve their space and never shift while they load. Other images (external, missing) get no size.
 */
export function imageSizer(publicDir: string): ImageSizer {
  const sizes = new Map<string, { width: number; height: number } | undefined>();
  return (src) => {
    if (!src.startsWith('/') || src.startsWith('//')) return undefined;
    const path = src.split(/[?#]/)[0] ?? src;
    if (!sizes.has(path)) {
      let size: { width: number; height: number } | undefined;
      try {
        const { width, height } = imageSize(readFileSync(join(publicDir, decodeURI(path))));
        size = width && height ? { width, height } : undefined;
      } catch {
        size = undefined; // check:content reports missing images with their file and line
      }
      sizes.set(path, size);
    }
    return sizes.get(path);
  };
}
