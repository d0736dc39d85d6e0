// A parse worker of the two-thread naive import (naive-parallel.ts): it
// gets chunks of whole JSONL lines, JSON.parses each line as the plain pass
// does, and sends back, flat, only what the bare table stores of a tweet
// (and of a retweet's original before it): source id, author, text, time.
// Plain JavaScript, so that the worker starts without a TypeScript loader.
import { parentPort } from 'node:worker_threads';

const decoder = new TextDecoder();

parentPort.on('message', ({ seq, bytes }) => {
  const text = decoder.decode(bytes);
  const rows = [];
  const push = (tweet) => {
    rows.push(tweet.id_str ?? '', tweet.user?.screen_name ?? '', tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text ?? '', Date.parse(tweet.created_at ?? ''));
  };
  let start = 0;
  for (let newline = text.indexOf('\n'); start < text.length; newline = text.indexOf('\n', start)) {
    const end = newline === -1 ? text.length : newline;
    if (end > start) {
      const tweet = JSON.parse(text.slice(start, end));
      if (tweet.retweeted_status) push(tweet.retweeted_status);
      push(tweet);
    }
    start = end + 1;
  }
  parentPort.postMessage({ seq, rows });
});
