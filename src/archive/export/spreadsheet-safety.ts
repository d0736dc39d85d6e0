/**
 * Spreadsheet formula injection: a cell starting with `=`, `+`, `-`, `@`
 * (or tab / carriage return, or their full-width forms) may run as a
 * formula when a CSV is opened in Excel or Sheets. Such text gets a leading
 * apostrophe (OWASP's advice), the same rule csv-stringify's
 * `escape_formulas` applies, so CSV and XLSX agree.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Options shared by every CSV we write. csv-stringify quotes a field that
 * holds the record delimiter (`\r\n`) but not one holding a lone `\n` or
 * `\r`, which every reader takes for the end of the row: a post written
 * on several lines split into broken rows, and a text starting with a line
 * break put its formula at the start of a new line, past the apostrophe.
 * RFC 4180 quotes any field with a line break.
 */
export const CSV_OPTIONS = { escape_formulas: true, record_delimiter: 'windows', bom: false, quoted_match: /[\r\n]/ } as const;
