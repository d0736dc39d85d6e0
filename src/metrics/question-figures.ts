import type { FiguresChat, MetricsPost, QuestionRow } from './figures.types.ts';

/**
 * Per question: answers (posts people wrote under it, boosts excluded),
 * the people (accounts) who answered, and the median over those people of the time
 * from the question going out to their first answer. An answer written
 * before the release (people answer from the schedule) counts as 0 s.
 */
export function answerQuestions(chat: FiguresChat, posts: MetricsPost[], accountOf: (authorId: number) => number = (id) => id): QuestionRow[] {
  const questionPostAt = new Map<number, number>();
  const firstAnswer = new Map<number, Map<number, number>>();
  const answers = new Map<number, number>();
  for (const post of posts) {
    if (post.questionNumber !== null) {
      const at = questionPostAt.get(post.questionNumber);
      if (at === undefined || post.createdAt < at) questionPostAt.set(post.questionNumber, post.createdAt);
      continue;
    }
    if (post.answersQuestion === null || post.kind === 'boost') continue;
    const n = post.answersQuestion;
    answers.set(n, (answers.get(n) ?? 0) + 1);
    let people = firstAnswer.get(n);
    if (!people) firstAnswer.set(n, (people = new Map()));
    const person = accountOf(post.authorId);
    const seen = people.get(person);
    if (seen === undefined || post.createdAt < seen) people.set(person, post.createdAt);
  }

  const planned = new Map(chat.questions.map((q) => [q.number, q]));
  const numbers = [...new Set([...planned.keys(), ...answers.keys()])].sort((a, b) => a - b);
  return numbers.map((number) => {
    const q = planned.get(number);
    const releasedAt = q?.releasedAt ?? questionPostAt.get(number) ?? (q && q.offsetMinutes !== null ? chat.startsAt + q.offsetMinutes * 60_000 : null);
    const firsts = [...(firstAnswer.get(number)?.values() ?? [])];
    return {
      number,
      text: q?.text ?? null,
      releasedAt,
      answers: answers.get(number) ?? 0,
      participants: firsts.length,
      medianSecondsToFirstAnswer: releasedAt === null || firsts.length === 0 ? null : median(firsts.map((at) => Math.max(0, at - releasedAt) / 1000)),
    };
  });
}

/** The middle value (the mean of the two middle ones for an even count), to the whole second. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value);
}
