/** An image of the theme: its file and its alternative text. */
export interface ImageSetting {
  src: string;
  alt: string;
}

/** The look of the project or of one collection. */
export interface LookSettings {
  /** CSS files applied after the built-in styles, in order. */
  stylesheet?: string | string[];
  logo?: ImageSetting;
  cover?: ImageSetting;
  /** A CSS page size: A4, Letter, "210mm 297mm" … */
  paper?: string;
  /** CSS page margins: one to four lengths. */
  margins?: string;
}

/** The `theme` setting: the project's look, its template overrides and a look per collection. */
export interface ThemeSettings extends LookSettings {
  /** A folder of templates and partials/ that replace the package's, file by file. */
  templates?: string;
  collections?: Record<string, LookSettings>;
}
