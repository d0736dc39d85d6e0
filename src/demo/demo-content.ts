/**
 * The demo community, written for Musesocial: a museum-staff chat series
 * (#musesocial) and an educators' chat (#edchat). Times are relative to
 * "now" so a fresh install always has past transcripts and upcoming chats.
 */

export interface DemoPerson { handle: string; displayName: string; role: 'admin' | 'moderator' | 'organizer' | 'member'; bio: string }

export const DEMO_PEOPLE: DemoPerson[] = [
  { handle: 'dana', displayName: 'Dana Okafor', role: 'organizer', bio: 'Digital engagement at a regional history museum. Co-founder of #musesocial.' },
  { handle: 'sam', displayName: 'Sam Lindqvist', role: 'organizer', bio: 'Collections web lead. Hosts the monthly #musesocial chat.' },
  { handle: 'priya', displayName: 'Priya Raman', role: 'member', bio: 'Education officer; thinks about families in galleries.' },
  { handle: 'lee', displayName: 'Lee Moreau', role: 'moderator', bio: 'Keeps the room kind.' },
  { handle: 'marco', displayName: 'Marco Bianchi', role: 'member', bio: 'Science centre volunteer coordinator.' },
  { handle: 'ana', displayName: 'Ana Sousa', role: 'organizer', bio: 'Teacher, organizer of #edchat evenings.' },
];

export interface DemoPost { author: string; minute: number; text: string; question?: number; replyTo?: number; likes?: number; boosts?: number }

export interface DemoChat {
  slug: string;
  title: string;
  hashtags: string[];
  /** Whole weeks from this week's chat day; negative for past chats. */
  weekOffset: number;
  weekday: number; // 1 = Monday … 7 = Sunday
  hour: number;
  timeZone: string;
  minutes: number;
  kind: 'online' | 'in_person' | 'hybrid';
  venue?: { name: string; address: string; notes?: string };
  organizer: string;
  hosts: string[];
  background: string;
  questions: string[];
  posts: DemoPost[];
}

export const DEMO_CHATS: DemoChat[] = [
  {
    slug: 'why-museums-post',
    title: 'Why do museums post at all?',
    hashtags: ['musesocial'],
    weekOffset: -3,
    weekday: 2,
    hour: 15,
    timeZone: 'America/New_York',
    minutes: 60,
    kind: 'online',
    organizer: 'dana',
    hosts: ['dana', 'sam'],
    background:
      'Every museum has a social account; fewer can say **what it is for**. This hour is about purpose before tactics.\n\n- Bring one post you are proud of\n- Bring one you would delete',
    questions: [
      'What is the single job your museum’s social accounts do best?',
      'Which audience do you reach online that never visits in person?',
      'How do you decide what not to post?',
    ],
    posts: [
      { author: 'dana', minute: 0, text: 'Welcome to #musesocial! Introduce yourself: name, museum, and the last object you posted about.' },
      { author: 'priya', minute: 2, text: 'Hi all, Priya from a city museum education team. Last post: a 1930s school desk with carved initials. #musesocial', likes: 4 },
      { author: 'marco', minute: 3, text: 'Marco, science centre volunteers. Last post was our Tesla coil, obviously. #musesocial', likes: 6 },
      { author: 'dana', minute: 5, question: 1, text: 'Q1 What is the single job your museum’s social accounts do best? #musesocial' },
      { author: 'priya', minute: 7, replyTo: 3, text: 'A1 Answering visitor questions before they arrive. Opening hours, step-free access, lunch. Boring but vital. #musesocial', likes: 11, boosts: 3 },
      { author: 'marco', minute: 8, text: 'A1: showing the people behind the scenes. Our volunteers get more love than the exhibits. #musesocial', likes: 9, boosts: 2 },
      { author: 'sam', minute: 10, replyTo: 4, text: '@priya agreed, and nobody counts that as engagement even though it saves the front desk hours #musesocial', likes: 5 },
      { author: 'dana', minute: 20, question: 2, text: 'Q2 Which audience do you reach online that never visits in person? #musesocial' },
      { author: 'marco', minute: 22, text: 'A2 Teachers in other countries who use our experiment videos in class. #musesocial', likes: 8, boosts: 4 },
      { author: 'priya', minute: 24, text: 'a2) Former residents of the city who moved away and follow for the old photographs #musesocial', likes: 7 },
      { author: 'dana', minute: 40, question: 3, text: 'Q3 How do you decide what not to post? #musesocial' },
      { author: 'sam', minute: 42, text: 'A3 - if we cannot answer the replies it starts, we wait until we can. #musesocial', likes: 12, boosts: 5 },
      { author: 'lee', minute: 45, replyTo: 11, text: 'That rule would save a lot of comment sections. #musesocial', likes: 3 },
      { author: 'dana', minute: 58, text: 'Thank you all! Transcript and story follow this week. Next chat in three weeks. #musesocial' },
    ],
  },
  {
    slug: 'families-in-galleries',
    title: 'Families in the galleries: what works?',
    hashtags: ['musesocial', 'museumed'],
    weekOffset: -1,
    weekday: 2,
    hour: 15,
    timeZone: 'America/New_York',
    minutes: 60,
    kind: 'online',
    organizer: 'sam',
    hosts: ['sam', 'priya'],
    background: 'Guest host **@priya** leads a chat about family visitors: trails, noise, snacks and what social media can promise them.',
    questions: ['What is the best family resource you have seen in a museum?', 'How do you tell families online that they are welcome?'],
    posts: [
      { author: 'sam', minute: 0, text: 'Hello #musesocial, today @priya guest hosts. Families, galleries, and whether anyone ever reads the trail leaflet.' },
      { author: 'sam', minute: 3, question: 1, text: 'Q1 What is the best family resource you have seen in a museum? #musesocial' },
      { author: 'marco', minute: 5, text: 'A1 A backpack with a torch and magnifier at the door. Kids became investigators instantly. #musesocial', likes: 10, boosts: 3 },
      { author: 'priya', minute: 6, replyTo: 2, text: '@marco the torch is genius, dark corners become the best bit #musesocial', likes: 4 },
      { author: 'dana', minute: 9, text: 'A1.2 Also: benches at child height in front of the big paintings. #musesocial', likes: 6 },
      { author: 'sam', minute: 30, question: 2, text: 'Q2 How do you tell families online that they are welcome? #musesocial' },
      { author: 'priya', minute: 33, text: 'A2 Show the buggy park and the baby change in photos, not just the art. #musesocial', likes: 9, boosts: 4 },
    ],
  },
  {
    slug: 'measuring-what-matters',
    title: 'Measuring what matters in museum social media',
    hashtags: ['musesocial'],
    weekOffset: 1,
    weekday: 2,
    hour: 15,
    timeZone: 'America/New_York',
    minutes: 60,
    kind: 'online',
    organizer: 'dana',
    hosts: ['dana', 'sam'],
    background: 'Followers, reach, engagement rate… which numbers should a museum report, and to whom? Bring your dashboard screenshots.',
    questions: [
      'Which social media figure does your director ask for?',
      'Which figure do you wish they asked for instead?',
      'How do you show the value of a conversation, not just its size?',
    ],
    posts: [],
  },
  {
    slug: 'tweetup-night-at-the-museum',
    title: 'Tweetup: a night behind the scenes',
    hashtags: ['musesocial', 'museumtweetup'],
    weekOffset: 3,
    weekday: 4,
    hour: 18,
    timeZone: 'Europe/London',
    minutes: 120,
    kind: 'hybrid',
    venue: { name: 'Riverside Museum of Making', address: '12 Wharf Road, London', notes: 'Meet at the staff entrance on the canal side. Step-free access.' },
    organizer: 'sam',
    hosts: ['sam', '@curator@museum.social'],
    background: 'Twenty places in person to tour the conservation studio after hours, with everyone else following online under the hashtag.',
    questions: ['What would you most like to see behind the scenes?', 'Which object deserves more attention online?'],
    posts: [],
  },
  {
    slug: 'edchat-feedback-that-lands',
    title: 'Feedback that lands',
    hashtags: ['edchat'],
    weekOffset: 0,
    weekday: 2,
    hour: 19,
    timeZone: 'Europe/Lisbon',
    minutes: 60,
    kind: 'online',
    organizer: 'ana',
    hosts: ['ana'],
    background: 'How do we give students feedback they actually read and use?',
    questions: ['What feedback did you receive as a student that you still remember?', 'How do you make time for feedback conversations?'],
    posts: [],
  },
];
