import { EXPORT_FORMATS, exportPath } from '../../export/export-formats.ts';

/** Links to every export of the whole transcript (filters apply to the page only). */
export function DownloadLinks({ slug }: { slug: string }) {
  return (
    <section class="transcript-downloads" aria-labelledby="downloads-title">
      <h2 id="downloads-title">Download the whole transcript</h2>
      <ul>
        {EXPORT_FORMATS.map((format) => (
          <li>
            <a href={exportPath(slug, format)} download>
              {format.label} <span class="transcript-download-suffix">({format.suffix.slice(1)})</span>
            </a>{' '}
            <span class="hint">{format.description}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
