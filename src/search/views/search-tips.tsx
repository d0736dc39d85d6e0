/** The query language, shown under the search box. */
export function SearchTips() {
  const tips: Array<[string, string]> = [
    ['museum podcasts', 'posts with both words'],
    ['"open access"', 'the words together, in this order'],
    ['-sponsored', 'without that word (also -"a phrase", -#tag, -from:handle)'],
    ['muse*', 'words starting with “muse”'],
    ['#musesocial', 'posts tagged #musesocial'],
    ['from:dana', 'by @dana (also from:dana@museum.social)'],
    ['chat:slug', 'in one chat (its address after /chats/)'],
    ['since:2024-05-01 until:2024-05-31', 'whole days, both included, in your time zone (UTC when you have not set one)'],
    ['sort:relevance', 'best matches first (overrides the Order menu)'],
  ];
  return (
    <details class="search-tips">
      <summary>How to search</summary>
      <dl>
        {tips.map(([example, meaning]) => (
          <>
            <dt>
              <code>{example}</code>
            </dt>
            <dd>{meaning}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}
