import { renderToString } from 'preact-render-to-string';
import type { StoryView } from '../story-view.ts';
import { StoryBody } from './story-body.tsx';

/**
 * /stories/ID/embed: the story alone, for an iframe on someone else's site.
 * No site navigation, no script, links open outside the frame.
 */
export function renderEmbedDocument(view: StoryView, baseUrl: string): string {
  const url = `${baseUrl}/stories/${view.story.id}`;
  return (
    '<!doctype html>' +
    renderToString(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{view.story.title}</title>
          <base target="_blank" />
          <link rel="stylesheet" href="/assets/styles.css" />
          <link rel="stylesheet" href="/assets/stories.css" />
          <link rel="canonical" href={url} />
        </head>
        <body class="story-embed">
          <main class="story">
            <StoryBody view={view} readerZone={null} headingLevel={1} />
          </main>
          <footer class="story-embed-footer">
            <a href={url}>Read “{view.story.title}” on Musesocial</a>
          </footer>
        </body>
      </html>,
    )
  );
}
