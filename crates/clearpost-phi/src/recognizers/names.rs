//! Person names: dictionaries (US Census first and last names, international given
//! names) + capitalisation + titles (Mr, Mrs, Dr) + context words ("patient", "my
//! mom", "survivor") + the company a word keeps (a list of names, a dialogue's
//! speaker labels, a person verb such as "said" after it).
//!
//! Census surnames include thousands of ordinary words ("White", "Young", "May",
//! "Hope", "Bill"); English word frequencies and a short list of names that are also
//! everyday words keep those from firing unless a title or context says "person".
//! Unknown capitalised words next to each other (foreign names the dictionary
//! lacks) are reported with lower confidence, never at the start of a sentence alone.

use super::tokens::{Gap, Shape, Token};
use super::word_set::WordSet;
use super::Candidate;
use crate::finding::Category;
use crate::lexicon::{Lexicon, WordEntry, INTERNATIONAL_RANK};

/// Titles that make the next capitalised word(s) a name.
static HONORIFICS: WordSet = WordSet::new(&[
    "mr",
    "mrs",
    "ms",
    "mx",
    "miss",
    "dr",
    "doctor",
    "prof",
    "professor",
    "rev",
    "sir",
    "dame",
    "nurse",
    "sister",
    "brother",
    "father",
    "mister",
    "madam",
    "mme",
    "mlle",
    "herr",
    "frau",
    "sr",
    "sra",
    "srta",
    "señor",
    "señora",
]);

/// Words just before a name that say it is a person (and often a patient).
static NAME_CONTEXT: WordSet = WordSet::new(&[
    "patient",
    "pt",
    "named",
    "name",
    "called",
    "spoke",
    "mom",
    "mum",
    "mother",
    "dad",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "grandmother",
    "grandfather",
    "grandma",
    "grandpa",
    "grandson",
    "granddaughter",
    "aunt",
    "uncle",
    "cousin",
    "niece",
    "nephew",
    "survivor",
    "resident",
    "baby",
    "meet",
    "thanks",
    "thank",
    "by",
    "dear",
    "hi",
    "hello",
    "client",
    "member",
    "caregiver",
    "partner",
    "boyfriend",
    "girlfriend",
    "fiancé",
    "fiance",
    "friend",
    "neighbor",
    "neighbour",
    "colleague",
    "nurse",
    "veteran",
    "mr",
    "mrs",
    "ms",
    "dr",
    "user",
    "contact",
    "attn",
]);

/// Census names that are, far more often, ordinary English words.
static WORD_LIKE_NAMES: WordSet = WordSet::new(&[
    "in",
    "will",
    "do",
    "her",
    "new",
    "good",
    "see",
    "back",
    "way",
    "may",
    "day",
    "still",
    "best",
    "man",
    "love",
    "long",
    "little",
    "high",
    "place",
    "house",
    "money",
    "free",
    "case",
    "person",
    "read",
    "power",
    "small",
    "head",
    "white",
    "call",
    "black",
    "law",
    "story",
    "means",
    "hope",
    "early",
    "post",
    "young",
    "oh",
    "book",
    "hand",
    "guy",
    "south",
    "true",
    "large",
    "friend",
    "close",
    "north",
    "short",
    "light",
    "low",
    "deal",
    "soon",
    "child",
    "major",
    "west",
    "art",
    "son",
    "street",
    "chance",
    "march",
    "song",
    "word",
    "self",
    "held",
    "field",
    "main",
    "fine",
    "summer",
    "price",
    "land",
    "strong",
    "june",
    "english",
    "weeks",
    "star",
    "april",
    "guess",
    "gold",
    "king",
    "park",
    "church",
    "east",
    "worth",
    "bill",
    "ok",
    "green",
    "blue",
    "key",
    "page",
    "lord",
    "august",
    "french",
    "race",
    "hair",
    "council",
    "daily",
    "mark",
    "card",
    "ball",
    "box",
    "peace",
    "sales",
    "brown",
    "speed",
    "miles",
    "cross",
    "fair",
    "link",
    "numbers",
    "sell",
    "sun",
    "justice",
    "friday",
    "judge",
    "brain",
    "hurt",
    "battle",
    "stock",
    "spring",
    "cash",
    "beach",
    "sweet",
    "christmas",
    "rich",
    "fish",
    "gay",
    "laws",
    "winter",
    "christian",
    "nation",
    "block",
    "hall",
    "queen",
    "royal",
    "glass",
    "southern",
    "smart",
    "lake",
    "brand",
    "rose",
    "faith",
    "click",
    "hill",
    "ring",
    "silver",
    "wild",
    "stone",
    "camp",
    "christ",
    "wood",
    "van",
    "boss",
    "apple",
    "frank",
    "driver",
    "treat",
    "edge",
    "sides",
    "prince",
    "steel",
    "bear",
    "forest",
    "powers",
    "moon",
    "brothers",
    "ray",
    "banks",
    "younger",
    "pool",
    "grant",
    "golden",
    "era",
    "pack",
    "snow",
    "holiday",
    "storm",
    "max",
    "fox",
    "kitchen",
    "strange",
    "lay",
    "flowers",
    "bird",
    "falls",
    "walls",
    "minor",
    "champion",
    "wing",
    "bright",
    "fields",
    "don",
    "register",
    "dollar",
    "bond",
    "bell",
    "guest",
    "frame",
    "branch",
    "harder",
    "parent",
    "bunch",
    "lane",
    "grace",
    "button",
    "joy",
    "rice",
    "cable",
    "bible",
    "pounds",
    "peak",
    "singer",
    "bills",
    "lock",
    "wise",
    "roman",
    "le",
    "pride",
    "hunt",
    "bush",
    "junior",
    "marks",
    "rush",
    "sessions",
    "grey",
    "sharp",
    "bone",
    "loving",
    "mount",
    "cloud",
    "hills",
    "mac",
    "gross",
    "charity",
    "angel",
    "gray",
    "waters",
    "temple",
    "woods",
    "duke",
    "chase",
    "diamond",
    "belt",
    "root",
    "crystal",
    "marry",
    "buddy",
    "dean",
    "keys",
    "towns",
    "shell",
    "pope",
    "bishop",
    "styles",
    "pace",
    "settle",
    "ward",
    "hook",
    "hunter",
    "glory",
    "cotton",
    "wolf",
    "masters",
    "samples",
    "flood",
    "bull",
    "priest",
    "shore",
    "wooden",
    "precious",
    "parks",
    "manual",
    "del",
    "fortune",
    "rivers",
    "seal",
    "craft",
    "rounds",
    "candy",
    "carrier",
    "worthy",
    "clay",
    "bass",
    "counts",
    "knight",
    "weed",
    "bonds",
    "borders",
    "autumn",
    "peoples",
    "alpha",
    "mercy",
    "noble",
    "burns",
    "burden",
    "folk",
    "shorter",
    "ho",
    "mills",
    "pleasant",
    "hung",
    "hood",
    "nail",
    "holder",
    "cave",
    "villa",
    "destiny",
    "couch",
    "cherry",
    "earl",
    "rocky",
    "marvel",
    "sunshine",
    "ash",
    "hammer",
    "sheets",
    "shade",
    "swift",
    "welsh",
    "bacon",
    "strain",
    "farmer",
    "blank",
    "sweat",
    "beam",
    "pepper",
    "horn",
    "pearl",
    "rod",
    "keen",
    "cage",
    "eagle",
    "sterling",
    "banner",
    "ham",
    "easter",
    "parish",
    "potter",
    "booth",
    "cliff",
    "bridges",
    "les",
    "sang",
    "lemon",
    "darling",
    "olive",
    "leak",
    "sells",
    "merchant",
    "bud",
    "burger",
    "beard",
    "penny",
    "sunny",
    "reed",
    "fried",
    "doll",
    "chambers",
    "elder",
    "bowling",
    "stack",
    "savage",
    "shook",
    "cope",
    "hart",
    "bolt",
    "brooks",
    "rider",
    "cannon",
    "heck",
    "lamb",
    "fisher",
    "buck",
    "wheat",
    "salmon",
    "tan",
    "stark",
    "chin",
    "roller",
    "scales",
    "bean",
    "pond",
    "olds",
    "ruby",
    "amber",
    "berry",
    "handy",
    "curry",
    "drake",
    "cheek",
    "marble",
    "rushing",
    "lily",
    "frost",
    "cousins",
    "messenger",
    "grove",
    "dial",
    "ginger",
    "dodge",
    "downs",
    "nova",
    "stamps",
    "fountain",
    "champagne",
    "blunt",
    "shepherd",
    "beers",
    "hawks",
    "holly",
    "baron",
    "abbey",
    "shields",
    "marsh",
    "alley",
    "graves",
    "coral",
    "maple",
    "lively",
    "seals",
    "ivory",
    "mock",
    "swan",
    "sellers",
    "rains",
    "doe",
    "merry",
    "sage",
    "fellows",
    "nickel",
    "hatch",
    "hawk",
    "melody",
    "archer",
    "barber",
    "sands",
    "fries",
    "carpenter",
    "peel",
    "coffin",
    "crow",
    "raven",
    "pitcher",
    "gamble",
    "belle",
    "trout",
    "bliss",
    "jade",
    "herb",
    "valentine",
    "bravo",
    "shores",
    "flint",
    "sparks",
    "brook",
    "meta",
    "coats",
    "falcon",
    "vest",
    "rust",
    "null",
    "hooker",
    "funk",
    "slack",
    "creed",
    "peek",
    "spear",
    "crisp",
    "ransom",
    "bounds",
    "jewel",
    "coward",
    "bunker",
    "dent",
    "dove",
    "harness",
    "rash",
    "hacker",
    "dusty",
    "earnest",
    "chew",
    "spears",
    "hare",
    "helm",
    "hooks",
    "basil",
    "cooks",
    "pointer",
    "warden",
    "laurel",
    "patient",
    "care",
    "nurse",
    "doctor",
    "health",
    "office",
    "center",
    "centre",
    "hospital",
    "clinic",
    "medical",
    "team",
    "staff",
    "unit",
    "room",
    "ward",
    "floor",
    "general",
    "north",
    "memorial",
    "saint",
    "st",
    "san",
    "santa",
    "los",
    "las",
    "el",
    "la",
    "de",
    "new",
    "old",
    "great",
    "said",
    "asked",
    "told",
    "thanks",
    "happy",
    "dear",
    "hello",
    "hi",
    "yes",
    "no",
    "not",
    "and",
    "the",
    "a",
    "an",
    "of",
    "for",
    "but",
    "or",
    "so",
    "at",
    "by",
    "as",
    "on",
    "if",
    "it",
    "is",
    "he",
    "she",
    "we",
    "they",
    "you",
    "his",
    "him",
    "our",
    "us",
    "me",
    "my",
    "who",
    "what",
    "when",
    "where",
    "why",
    "how",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "all",
    "any",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "saturday",
    "sunday",
    "january",
    "february",
    "july",
    "september",
    "october",
    "november",
    "december",
    "god",
    "lord",
    "jesus",
    "covid",
]);

/// Upper-case clinical abbreviations that NER tools read as names.
static CLINICAL_ABBREVIATIONS: WordSet = WordSet::new(&[
    "cv", "gi", "gu", "ent", "abg", "ct", "mri", "ekg", "ecg", "icu", "er", "ed", "or", "bp", "hr",
    "rr", "pt", "ot", "cbc", "bmp", "cmp", "neuro", "psych", "ob", "gyn", "peds", "copd", "chf",
    "cad", "mi", "uti", "dvt", "pe", "npo", "prn", "bid", "tid", "qid", "iv", "im", "po", "sob",
    "hpi", "ros", "pmh", "nicu", "picu", "ccu", "pacu", "rn", "md", "do", "np", "pa", "dds", "phd",
    "usa", "uk", "us", "eu", "un", "who", "cdc", "nih", "fda", "hipaa", "faq", "ceo",
]);

/// Words that make a capitalised phrase an organisation or place, not a person.
static NOT_PERSON_WORDS: WordSet = WordSet::new(&[
    "hospital",
    "center",
    "centre",
    "clinic",
    "university",
    "college",
    "school",
    "institute",
    "foundation",
    "association",
    "society",
    "church",
    "bank",
    "group",
    "services",
    "inc",
    "ltd",
    "llc",
    "corp",
    "corporation",
    "company",
    "co",
    "department",
    "dept",
    "health",
    "healthcare",
    "medical",
    "medicine",
    "care",
    "pharmacy",
    "labs",
    "laboratory",
    "street",
    "avenue",
    "road",
    "boulevard",
    "lane",
    "drive",
    "county",
    "city",
    "state",
    "river",
    "lake",
    "mountain",
    "park",
    "hall",
    "building",
    "wing",
    "ward",
    "unit",
    "orchestra",
    "band",
    "club",
    "team",
    "news",
    "times",
    "post",
    "journal",
    "magazine",
    "weekly",
    "daily",
    "radio",
    "tv",
    "channel",
    "press",
    "records",
    "studios",
    "pictures",
    "airlines",
    "airport",
    "station",
    "museum",
    "library",
    "gallery",
    "theatre",
    "theater",
    "festival",
    "award",
    "awards",
    "prize",
    "cup",
    "league",
    "ministry",
    "council",
    "committee",
    "agency",
    "office",
    "bureau",
    "court",
    "senate",
    "congress",
    "parliament",
    "republic",
    "kingdom",
    "union",
    "united",
    "national",
    "international",
    "global",
    "american",
    "british",
    "european",
    "technologies",
    "systems",
    "solutions",
    "partners",
    "holdings",
    "industries",
    "enterprises",
    "trust",
    "fund",
    "network",
]);

/// Classifies one word for name detection.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    /// Known first name (census), not an ordinary word.
    First,
    /// Known surname, not an ordinary word.
    Last,
    /// Capitalised, in neither list and not an English word: maybe a foreign name.
    Unknown,
    /// Title such as Mr or Dr.
    Honorific,
    /// A single-letter initial.
    Initial,
    /// Name particle (van, de, von) between name words.
    Particle,
    /// Anything else.
    Other,
}

static PARTICLES: WordSet = WordSet::new(&[
    "van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos", "das",
    "bin", "ibn", "al", "el", "ter", "ten", "st",
]);

fn is_word_like_entry(lower: &str, entry: WordEntry) -> bool {
    if WORD_LIKE_NAMES.contains(lower) {
        return true;
    }
    if entry.zipf < 3.3 {
        return false;
    }
    let common_first = entry.first_name_rank.is_some_and(|r| r <= 1200);
    let common_last = entry.surname_rank.is_some_and(|r| r <= 3000);
    !(common_first || common_last)
}

fn classify(lex: &Lexicon, token: &Token, text: &str) -> Word {
    let lower = token.lower.as_str();
    if HONORIFICS.contains(lower) && token.shape != Shape::Lower {
        return Word::Honorific;
    }
    let letters = token.range.end - token.range.start;
    if letters == 1 && token.shape == Shape::Title {
        return Word::Initial;
    }
    if PARTICLES.contains(lower) && token.shape == Shape::Lower {
        return Word::Particle;
    }
    if token.shape == Shape::Upper
        && (lower.chars().count() <= 3 || CLINICAL_ABBREVIATIONS.contains(lower))
    {
        return Word::Other;
    }
    if CLINICAL_ABBREVIATIONS.contains(lower) && token.shape != Shape::Title {
        return Word::Other;
    }
    // One lookup answers every question below.
    let entry = lex.entry(lower);
    if is_word_like_entry(lower, entry) {
        return Word::Other;
    }
    // A short upper-case word known only as a foreign given name is far more often
    // an acronym ("IBAN", "NHS"), so the international list does not vouch for it.
    let rare_first_only = entry
        .first_name_rank
        .is_some_and(|r| r >= INTERNATIONAL_RANK)
        && entry.surname_rank.is_none();
    if rare_first_only && token.shape == Shape::Upper && lower.chars().count() <= 5 {
        return Word::Other;
    }
    if entry.first_name_rank.is_some() {
        return Word::First;
    }
    if entry.surname_rank.is_some() {
        return Word::Last;
    }
    let word = &text[token.range.clone()];
    if word.chars().count() >= 2 && entry.zipf < 3.0 && !CLINICAL_ABBREVIATIONS.contains(lower) {
        return Word::Unknown;
    }
    Word::Other
}

fn capitalised(token: &Token) -> bool {
    matches!(token.shape, Shape::Title | Shape::Upper)
}

/// Name candidates in `text`.
pub fn find(text: &str, tokens: &[Token], lex: &Lexicon) -> Vec<Candidate> {
    let mut kinds: Vec<Word> = tokens.iter().map(|t| classify(lex, t, text)).collect();
    name_after_honorific(text, tokens, &mut kinds);
    let listed = names_in_lists(text, tokens, &mut kinds, lex);
    let speakers = dialogue_speakers(text, tokens, &kinds);
    let mut out = lower_case_name_list(text, tokens, lex);
    out.extend(name_field_values(text, tokens, &kinds, lex));
    // Speakers of a dialogue typed in lower case ("mika: who are you?").
    for (i, token) in tokens.iter().enumerate() {
        if speakers[i] && token.shape == Shape::Lower {
            out.push(candidate(
                text,
                token.range.clone(),
                0.55,
                "a speaker's name in a dialogue",
            ));
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        // A segment: consecutive capitalised name-like words (initials and particles
        // may sit inside), separated by single spaces.
        let starts_segment = capitalised(&tokens[i])
            && matches!(
                kinds[i],
                Word::First | Word::Last | Word::Unknown | Word::Initial
            );
        if !starts_segment {
            if let Some(candidate) = lower_case_name(text, tokens, &kinds, i, lex) {
                i = candidate.1;
                out.push(candidate.0);
                continue;
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len()
            && matches!(tokens[j].gap, Gap::Space | Gap::Initial)
            && (capitalised(&tokens[j]) || kinds[j] == Word::Particle)
            && matches!(
                kinds[j],
                Word::First | Word::Last | Word::Unknown | Word::Initial | Word::Particle
            )
        {
            j += 1;
        }
        // Do not end on a particle or start on a lone initial.
        while j > i + 1 && kinds[j - 1] == Word::Particle {
            j -= 1;
        }
        if let Some(mut candidate) = score_segment(text, tokens, &kinds, i, j) {
            if j == i + 1 && candidate.confidence < 0.55 {
                if speakers[i] {
                    candidate.confidence = 0.55;
                    candidate.reason = "a speaker's name in a dialogue".to_string();
                } else if listed[i] {
                    // "founders: Monjeau, Graves and Reed": one name in a list of
                    // names is as much a name as its neighbours.
                    candidate.confidence = 0.55;
                    candidate.reason = "a capitalised word in a list of names".to_string();
                } else if let Some(verb) = person_verb_after(tokens, j) {
                    candidate.confidence = 0.55;
                    candidate.reason = format!("a capitalised word before '{verb}'");
                }
            }
            out.push(candidate);
        }
        i = j;
    }
    out
}

/// Verbs that, right after a lone capitalised word, say it is a person ("Alvir spent
/// a year at…", "Enrico shouted at…"): things people do, not things drugs or
/// products do ("is", "has" and "works" are left out for that reason).
static PERSON_VERBS: WordSet = WordSet::new(&[
    "said",
    "says",
    "told",
    "tells",
    "asked",
    "asks",
    "spent",
    "shouted",
    "lives",
    "lived",
    "wrote",
    "writes",
    "met",
    "smiled",
    "died",
    "visited",
    "thanked",
    "laughed",
    "replied",
    "answered",
    "cried",
    "walked",
    "joined",
    "married",
    "recalled",
    "remembers",
    "explained",
    "admitted",
    "grew",
    "moved",
    "turned",
    "whispered",
    "added",
    "insisted",
]);

/// The person verb right after token `j - 1`, if any.
fn person_verb_after(tokens: &[Token], j: usize) -> Option<&str> {
    let next = tokens.get(j)?;
    (next.gap == Gap::Space && PERSON_VERBS.contains(next.lower.as_str()))
        .then_some(next.lower.as_str())
}

/// A capitalised word right after a title is a name even when it is also an
/// ordinary word ("Mr. Spears", "Dr. Park"); so is one that a sentence names ("her
/// name is Hope").
fn name_after_honorific(text: &str, tokens: &[Token], kinds: &mut [Word]) {
    for i in 1..tokens.len() {
        let between = &text[tokens[i - 1].range.end..tokens[i].range.start];
        if kinds[i - 1] == Word::Honorific
            && kinds[i] == Word::Other
            && tokens[i].shape == Shape::Title
            && between.trim_start_matches('.').trim().is_empty()
            && !between.contains('\n')
        {
            kinds[i] = Word::Last;
        }
        // "her maiden name is Key", "she named him Frank": what is being named is
        // a person's name, even when it is also an ordinary word.
        let naming = i >= 2
            && matches!(
                (tokens[i - 2].lower.as_str(), tokens[i - 1].lower.as_str()),
                ("name", "is" | "was") | ("named", "him" | "her")
            );
        if naming
            && kinds[i] == Word::Other
            && tokens[i].shape == Shape::Title
            && tokens[i].gap == Gap::Space
            && tokens[i - 1].gap == Gap::Space
        {
            kinds[i] = Word::Last;
        }
    }
}

/// Marks capitalised words that stand in a list ("A, B and C") next to a name, and
/// lets a list of names vouch for an ordinary-looking member ("Graves", "Reed").
fn names_in_lists(text: &str, tokens: &[Token], kinds: &mut [Word], lex: &Lexicon) -> Vec<bool> {
    let is_name = |k: Word| matches!(k, Word::First | Word::Last | Word::Unknown);
    let same_line =
        |a: usize, b: usize| !text[tokens[a].range.end..tokens[b].range.start].contains('\n');
    // The list item before token `i`: "A, B" / "A & B" (the word before) or
    // "A and B" / "A, or B" (the word before the conjunction).
    let previous_item = |i: usize| -> Option<usize> {
        let between = |a: usize, b: usize| text[tokens[a].range.end..tokens[b].range.start].trim();
        if i >= 1 && matches!(between(i - 1, i), "," | "&") && same_line(i - 1, i) {
            return Some(i - 1);
        }
        if i >= 2
            && matches!(tokens[i - 1].lower.as_str(), "and" | "or")
            && matches!(between(i - 2, i - 1), "" | ",")
            && between(i - 1, i).is_empty()
            && same_line(i - 2, i)
        {
            return Some(i - 2);
        }
        None
    };
    let pairs: Vec<(usize, usize)> = (1..tokens.len())
        .filter_map(|i| previous_item(i).map(|p| (p, i)))
        .filter(|&(p, i)| capitalised(&tokens[p]) && capitalised(&tokens[i]))
        .collect();
    let mut listed = vec![false; tokens.len()];
    // Forwards, then backwards: a name carries along the whole list.
    let sweeps = pairs
        .iter()
        .copied()
        .chain(pairs.iter().rev().map(|&(p, i)| (i, p)));
    for (from, to) in sweeps {
        if !is_name(kinds[from]) {
            continue;
        }
        if kinds[to] == Word::Other
            && tokens[to].shape == Shape::Title
            && lex.zipf(&tokens[to].lower) < 4.5
            && !NOT_PERSON_WORDS.contains(tokens[to].lower.as_str())
        {
            kinds[to] = Word::Last;
        }
        if is_name(kinds[to]) {
            listed[from] = true;
            listed[to] = true;
        }
    }
    listed
}

/// A list of first names written in lower case ("they had 6: silvana, adam,
/// christopher and chad"): three or more list items in a row, each a known first
/// name that is not an everyday word ("may", "june", "rose" are).
fn lower_case_name_list(text: &str, tokens: &[Token], lex: &Lexicon) -> Vec<Candidate> {
    let is_item = |t: &Token| {
        t.shape == Shape::Lower
            && lex.first_name_rank(&t.lower).is_some()
            && lex.zipf(&t.lower) < 4.3
            && !WORD_LIKE_NAMES.contains(t.lower.as_str())
    };
    let joined = |a: &Token, b: &Token| {
        matches!(
            text[a.range.end..b.range.start].trim(),
            "," | ", and" | "and" | ", or" | "or"
        ) && !text[a.range.end..b.range.start].contains('\n')
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_item(&tokens[i]) {
            i += 1;
            continue;
        }
        // Items joined by commas; "and"/"or" are words of their own in `tokens`,
        // so "x and y" is seen through the text between x and y.
        let mut items = vec![i];
        let mut j = i;
        loop {
            let next = if tokens
                .get(j + 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "and" | "or"))
            {
                j + 2
            } else {
                j + 1
            };
            match tokens.get(next) {
                Some(t) if is_item(t) && joined(&tokens[j], t) => {
                    items.push(next);
                    j = next;
                }
                _ => break,
            }
        }
        if items.len() >= 3 {
            for &k in &items {
                out.push(candidate(
                    text,
                    tokens[k].range.clone(),
                    0.5,
                    "a first name in a lower-case list of first names",
                ));
            }
        }
        i = j + 1;
    }
    out
}

/// Speaker labels of a written dialogue ("Ubul: What a wife.\nNicole: Remember
/// me"): a capitalised word alone at the start of a line, followed by a colon. One
/// label is a form field ("Note:", "Plan:"); two or more, at least one of them a
/// known first name, are a conversation, and every name-like label is a speaker.
fn dialogue_speakers(text: &str, tokens: &[Token], kinds: &[Word]) -> Vec<bool> {
    let is_label = |i: usize| {
        let token = &tokens[i];
        let line_start = text[..token.range.start].rfind('\n').map_or(0, |p| p + 1);
        text[line_start..token.range.start]
            .chars()
            .all(|c| matches!(c, ' ' | '\t' | '>' | '*' | '-'))
            && text[token.range.end..].starts_with(':')
            && (capitalised(token) || token.shape == Shape::Lower)
            && matches!(kinds[i], Word::First | Word::Last | Word::Unknown)
    };
    let labels: Vec<usize> = (0..tokens.len()).filter(|&i| is_label(i)).collect();
    let mut speakers = vec![false; tokens.len()];
    // Lower-case labels ("mika:", "tracy:") carry less evidence than capitals: each
    // must itself be a known first name.
    let lower_ok = |i: usize| tokens[i].shape != Shape::Lower || kinds[i] == Word::First;
    if labels.len() >= 2
        && labels.iter().any(|&i| kinds[i] == Word::First)
        && labels.iter().all(|&i| lower_ok(i))
    {
        for i in labels {
            speakers[i] = true;
        }
    }
    speakers
}

/// Lower-case (or oddly cased) names: a known first name followed by a known
/// surname ("john smith"), or a known name right after a strong context word.
fn lower_case_name(
    text: &str,
    tokens: &[Token],
    kinds: &[Word],
    i: usize,
    lex: &Lexicon,
) -> Option<(Candidate, usize)> {
    let token = &tokens[i];
    if token.shape != Shape::Lower || WORD_LIKE_NAMES.contains(token.lower.as_str()) {
        return None;
    }
    let first =
        lex.first_name_rank(&token.lower).is_some_and(|r| r <= 2000) && kinds[i] == Word::First;
    let next_last = tokens.get(i + 1).is_some_and(|n| {
        n.shape == Shape::Lower
            && n.gap == Gap::Space
            && matches!(kinds[i + 1], Word::Last | Word::First)
            && lex.surname_rank(&n.lower).is_some()
    });
    if first && next_last {
        return Some((
            candidate(
                text,
                tokens[i].range.start..tokens[i + 1].range.end,
                0.55,
                "a first and last name written in lower case",
            ),
            i + 2,
        ));
    }
    if let Some(end) = lower_case_full_name(tokens, kinds, i, lex) {
        let last = &text[tokens[end - 1].range.clone()];
        // "olga krylova's killers": the possessive is not part of the name.
        let possessive = ["'s", "’s"]
            .iter()
            .find(|p| last.ends_with(**p))
            .map_or(0, |p| p.len());
        return Some((
            candidate(
                text,
                tokens[i].range.start..tokens[end - 1].range.end - possessive,
                0.5,
                "a first name followed by a surname, written in lower case",
            ),
            end,
        ));
    }
    let strong_context = i > 0
        && tokens[i].gap == Gap::Space
        && matches!(
            tokens[i - 1].lower.as_str(),
            "patient" | "pt" | "named" | "mr" | "mrs" | "ms" | "dr" | "is"
        );
    let name_is = i > 1 && tokens[i - 1].lower == "is" && tokens[i - 2].lower == "name";
    let context_ok = strong_context && (tokens[i - 1].lower != "is" || name_is);
    if context_ok && matches!(kinds[i], Word::First | Word::Last | Word::Unknown) {
        return Some((
            candidate(
                text,
                token.range.clone(),
                0.6,
                &format!("a name after '{}'", tokens[i - 1].lower),
            ),
            i + 1,
        ));
    }
    None
}

/// "olga krylova", "benjamin a seiler", "eric g. samoylova": a known first name
/// (not an everyday word), an optional middle initial, then a word that is a known
/// surname or no English word at all (foreign surnames are in no list). A middle
/// initial lets a census surname through; without one, the census surname must not
/// be an everyday word either, as `lower_case_name` already requires, and an
/// unlisted surname needs a census first name. Returns the token index just past
/// the name.
fn lower_case_full_name(
    tokens: &[Token],
    kinds: &[Word],
    i: usize,
    lex: &Lexicon,
) -> Option<usize> {
    if kinds[i] != Word::First {
        return None;
    }
    let single_letter = |t: &Token| t.shape == Shape::Lower && t.lower.chars().count() == 1;
    let (surname_at, has_initial) = match tokens.get(i + 1) {
        Some(t) if t.gap == Gap::Space && single_letter(t) => (i + 2, true),
        _ => (i + 1, false),
    };
    let surname = tokens.get(surname_at)?;
    if surname.shape != Shape::Lower
        || !matches!(surname.gap, Gap::Space | Gap::Initial)
        || surname.lower.chars().count() < 3
    {
        return None;
    }
    let entry = lex.entry(&surname.lower);
    // Without an initial, a first name known only from the international list
    // ("tauri", "gui") before an unlisted word ("tauri cli", "gui deps") is too often
    // software or jargon; a census first name or a middle initial is needed, and
    // the unlisted word must be longer than an abbreviation.
    let census_first = lex
        .first_name_rank(&tokens[i].lower)
        .is_some_and(|r| r < INTERNATIONAL_RANK);
    let not_english = entry.zipf == 0.0
        && entry.first_name_rank.is_none()
        && entry.surname_rank.is_none()
        && kinds[surname_at] == Word::Unknown
        && surname.lower.chars().count() >= 4
        && (has_initial || census_first);
    let listed_surname = has_initial
        && entry.surname_rank.is_some()
        && matches!(kinds[surname_at], Word::Last | Word::First);
    (not_english || listed_surname).then_some(surname_at + 1)
}

/// The value of a "Name:" field at the start of a line ("name:    hyuuma t.
/// maida"), in any case: the words after the colon on that line, when at least one
/// of them is a known name or no English word (so "Name: not given" stays quiet).
fn name_field_values(
    text: &str,
    tokens: &[Token],
    kinds: &[Word],
    lex: &Lexicon,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, label) in tokens.iter().enumerate() {
        let field = match label.lower.as_str() {
            "name" => label.sentence_start,
            _ => false,
        };
        let Some(first) = tokens.get(i + 1) else {
            break;
        };
        let after_label = &text[label.range.end..first.range.start];
        if !field || after_label.trim() != ":" || after_label.contains('\n') {
            continue;
        }
        let mut end = i + 1;
        while end < tokens.len()
            && end - (i + 1) < 4
            && (end == i + 1 || matches!(tokens[end].gap, Gap::Space | Gap::Initial))
        {
            end += 1;
        }
        let words = &tokens[i + 1..end];
        // A first name or a word in no list vouches; a census surname only when it
        // is rare as a word ("given" and "not" are census surnames too).
        let vouched = (i + 1..end).any(|k| {
            tokens[k].lower.chars().count() > 1
                && match kinds[k] {
                    Word::First | Word::Unknown => true,
                    Word::Last => lex.zipf(&tokens[k].lower) < 3.5,
                    _ => false,
                }
        });
        if vouched {
            out.push(candidate(
                text,
                words[0].range.start..words[words.len() - 1].range.end,
                0.7,
                "the value of a 'Name:' field",
            ));
        }
    }
    out
}

fn candidate(
    text: &str,
    range: std::ops::Range<usize>,
    confidence: f32,
    reason: &str,
) -> Candidate {
    let _ = text;
    Candidate {
        range,
        category: Category::Name,
        confidence,
        reason: reason.to_string(),
        suggestion: "[name]".to_string(),
    }
}

fn score_segment(
    text: &str,
    tokens: &[Token],
    kinds: &[Word],
    i: usize,
    j: usize,
) -> Option<Candidate> {
    let seg = &kinds[i..j];
    let words = seg
        .iter()
        .filter(|k| matches!(k, Word::First | Word::Last | Word::Unknown))
        .count();
    if words == 0 {
        return None;
    }
    // An organisation or place right after the segment ("Smith Hospital").
    if let Some(next) = tokens.get(j) {
        if next.gap == Gap::Space
            && capitalised(next)
            && NOT_PERSON_WORDS.contains(next.lower.as_str())
        {
            return None;
        }
    }
    let firsts = seg.iter().filter(|k| **k == Word::First).count();
    let lasts = seg.iter().filter(|k| **k == Word::Last).count();
    let known = firsts + lasts;
    let at_start = tokens[i].sentence_start;
    let honorific = i > 0
        && kinds[i - 1] == Word::Honorific
        && matches!(tokens[i].gap, Gap::Space | Gap::Other)
        && text[tokens[i - 1].range.end..tokens[i].range.start]
            .trim_start_matches('.')
            .trim()
            .is_empty();
    let before_word = if i > 0 {
        tokens[i - 1].lower.as_str()
    } else {
        ""
    };
    let context = i > 0
        && tokens[i].gap != Gap::Newline
        && (NAME_CONTEXT.contains(before_word)
            || (i > 1
                && NAME_CONTEXT.contains(tokens[i - 2].lower.as_str())
                && tokens[i - 1].lower == "is"));
    let all_upper = tokens[i..j].iter().all(|t| t.shape == Shape::Upper);

    let (mut confidence, reason): (f32, String) = if honorific {
        (
            0.9,
            format!("a name after '{}'", &text[tokens[i - 1].range.clone()]),
        )
    } else if words >= 2 && kinds[i] == Word::First {
        (0.85, "a first and last name".to_string())
    } else if words >= 2 && known >= 1 {
        (
            0.75,
            "capitalised words that include a known name".to_string(),
        )
    } else if words >= 2 {
        (
            if at_start { 0.45 } else { 0.5 },
            "capitalised words that look like a name".to_string(),
        )
    } else if firsts == 1 {
        (
            if at_start { 0.5 } else { 0.6 },
            "a capitalised first name".to_string(),
        )
    } else if lasts == 1 {
        (
            if at_start { 0.3 } else { 0.45 },
            "a capitalised surname".to_string(),
        )
    } else {
        // A lone capitalised word in no dictionary, mid-sentence: often a foreign
        // name, sometimes a brand. Reported as a low-confidence warning.
        (
            if at_start { 0.3 } else { 0.4 },
            "a capitalised word that may be a name".to_string(),
        )
    };
    if context && !honorific {
        confidence += 0.3;
    }
    if all_upper && !honorific && !context {
        // Upper-case headings ("DISCHARGE SUMMARY") are rarely names unless they
        // are known names.
        confidence -= if known == 0 { 0.15 } else { 0.05 };
    }
    let reason = if context && !honorific {
        format!("{reason} after '{before_word}'")
    } else {
        reason
    };
    Some(Candidate {
        range: tokens[i].range.start..tokens[j - 1].range.end,
        category: Category::Name,
        confidence: confidence.clamp(0.0, 0.95),
        reason,
        suggestion: "[name]".to_string(),
    })
}
