/** The wiki's Markdown, explained next to the editor. */
export function WikiSyntaxHelp({ id }: { id: string }) {
  return (
    <details class="wiki-syntax" id={id}>
      <summary>Formatting help: Markdown, [[page links]] and {'{{upcoming #tag}}'} chat lists</summary>
      <dl>
        <dt>
          <code>## Heading</code>, <code>**bold**</code>, <code>*italic*</code>, <code>- list item</code>
        </dt>
        <dd>Markdown, as in chat backgrounds. HTML tags are shown as text, not run.</dd>
        <dt>
          <code>[link text](https://example.org)</code>
        </dt>
        <dd>A link to another site.</dd>
        <dt>
          <code>[[Chat etiquette]]</code> or <code>[[Chat etiquette|our etiquette]]</code>
        </dt>
        <dd>A link to another wiki page, by its name. If nobody has written it yet, the link says “new page” and leads to a form to create it.</dd>
        <dt>
          <code>{'{{upcoming #musesocial}}'}</code>
        </dt>
        <dd>On a line of its own: the next upcoming chats with that hashtag, always up to date.</dd>
      </dl>
    </details>
  );
}
