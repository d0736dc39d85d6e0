/** What each figure means, on the page so a report built on it can be trusted. */
export function StatsDefinitions() {
  return (
    <section class="stats-definitions" aria-labelledby="definitions">
      <h2 id="definitions">How these figures are counted</h2>
      <dl>
        <dt>Posts counted</dt>
        <dd>Every post archived for this chat, posted here or imported, except hidden posts (moderation), deleted posts, posts removed on their author’s request, and boosts of hidden or deleted posts. Figures change when posts are imported, hidden or removed.</dd>
        <dt>Original, replies, quotes, boosts</dt>
        <dd>A post’s kind as its network recorded it: a reply answers another post, a quote embeds one, a boost (a retweet or reblog) repeats one. Questions posted by the hosts count as original posts. Each boost is one post, by the person who boosted.</dd>
        <dt>Participant</dt>
        <dd>An account with at least one counted post in the chat, boosts included: boosting is taking part. An X or Bluesky account archived under several handles (renamed between archives) is one participant, shown by the handle of its latest post here; the same person on two networks counts twice, as the networks do not tell us they are one. Posts kept anonymously after a removal request count under one “anonymous” author.</dd>
        <dt>New and returning participants</dt>
        <dd>Returning: took part in at least one earlier chat that shares a hashtag with this one. New: everyone else.</dd>
        <dt>Posts per minute</dt>
        <dd>Counted posts by the minute they were written (UTC). Every minute of the scheduled time is shown, with 0 when nobody posted; minutes outside it appear when someone posted.</dd>
        <dt>Answers, and time to first answer</dt>
        <dd>An answer is a post written under a question (starting “A1”, or replying in the question’s thread); boosts are not answers. The time to first answer is measured for each person from the question going out (its release, else its post, else its planned time) to that person’s first answer; the figure is the median over the people who answered. Answers written before the release count as 0 seconds.</dd>
        <dt>Most replied to, most mentioned, network</dt>
        <dd>Replies count towards the author of the post replied to, when that post is archived and counted. Mentions are the @handles in the text of posts people wrote (not boosts), each handle once per post, including the ones a reply starts with. Replies to and mentions of oneself are left out.</dd>
        <dt>Hashtags and links</dt>
        <dd>Read from the text of posts people wrote (not boosts). The chat’s own hashtags are left out. Links are counted once per post; links to other posts on X/Twitter (quotes, media) are not counted as shared links.</dd>
        <dt>Estimated impressions</dt>
        <dd>The sum, over counted posts, of the author’s follower count where the archive recorded one. It is a theoretical maximum — it assumes every follower saw every post — not the number of people reached.</dd>
        <dt>Compared with</dt>
        <dd>The previous date of the same series, or failing that the previous chat sharing a hashtag, counted the same way.</dd>
      </dl>
    </section>
  );
}
