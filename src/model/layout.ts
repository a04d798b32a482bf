/**
 * Where each output lives, relative to the output folder. One folder per collection; in it the
 * collection's index page, its combined document per language, and one folder (a pack) per note
 * holding that note's editions:
 *
 *     index.html
 *     unpsf-2025/index.html
 *     unpsf-2025/unpsf-2025.en.html
 *     unpsf-2025/workshop-7/workshop-7.en.html
 */
export const layout = {
  /** The page listing every collection. */
  rootIndex: (): string => 'index.html',
  /** A collection's index page. */
  collectionIndex: (collection: string): string => `${collection}/index.html`,
  /** A collection's combined document in one language. */
  combined: (collection: string, lang: string, ext: 'html' | 'pdf'): string => `${collection}/${collection}.${lang}.${ext}`,
  /** A note's edition in one language. */
  note: (collection: string, slug: string, lang: string, ext: 'html' | 'pdf'): string =>
    `${collection}/${slug}/${slug}.${lang}.${ext}`,
};
