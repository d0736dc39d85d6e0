/**
 * A file no format reader recognises from its first bytes. The reason is
 * stored with the file (a run's page shows it later) in these words; what
 * to do about it depends on where it is read: the command names the
 * format with --format, the upload form with its Format menu.
 */
export const FORMAT_NOT_RECOGNISED = 'the format was not recognised';

/** The reason, with what to do on the upload form (and on a run's page). */
export function onTheForm(reason: string): string {
  return reason === FORMAT_NOT_RECOGNISED ? `${reason}: if it is an archive, choose its format in the Format menu of the import form and upload it again` : reason;
}

/** The reason, with what to do on the command line (`names`: the formats --format takes). */
export function onTheCommandLine(reason: string, names: readonly string[]): string {
  return reason === FORMAT_NOT_RECOGNISED ? `${reason}; name it with --format (one of ${names.join(', ')})` : reason;
}
