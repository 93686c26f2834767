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

use std::ops::Range;

use super::tokens::{Gap, Shape, Token};
use super::word_set::WordSet;
use super::Candidate;
use crate::finding::Category;
use crate::lexicon::{vocabulary, Lexicon, WordEntry, INTERNATIONAL_RANK};

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

/// Words that name lists know (as a given name somewhere, or a surname) but that,
/// capitalised on their own, are far more often something else: star signs, and
/// everyday Spanish, Portuguese, Italian, French and German words that open
/// greetings and posts ("Feliz", "Gracias", "Hola"). A title or context word still
/// makes them a name; so does a first name before them.
static NOT_NAMES_ALONE: WordSet = WordSet::new(&[
    // Star signs ("Leo" is left out: it is a common given name).
    "aries",
    "taurus",
    "gemini",
    "virgo",
    "libra",
    "scorpio",
    "sagittarius",
    "capricorn",
    "aquarius",
    "pisces",
    "zodiac",
    "horoscope",
    // Spanish and Portuguese.
    "feliz",
    "hola",
    "gracias",
    "amor",
    "dios",
    "que",
    "por",
    "para",
    "con",
    "muy",
    "bien",
    "buenos",
    "buenas",
    "noches",
    "dias",
    "días",
    "todo",
    "todos",
    "vida",
    "hoy",
    "mañana",
    "ahora",
    "siempre",
    "nunca",
    "nada",
    "mucho",
    "mucha",
    "muchas",
    "muchos",
    "gente",
    "amigo",
    "amiga",
    "amigos",
    "amigas",
    "hermano",
    "hermana",
    "navidad",
    "cumpleaños",
    "año",
    "nuevo",
    "bueno",
    "buena",
    "bonito",
    "bonita",
    "hermosa",
    "hermoso",
    "lindo",
    "querido",
    "querida",
    "casa",
    "noche",
    "dia",
    "día",
    "vamos",
    "vale",
    "pues",
    "claro",
    "oye",
    "mira",
    "besos",
    "beso",
    "saludos",
    "bienvenido",
    "bienvenida",
    "adios",
    "adiós",
    "obrigado",
    "obrigada",
    "bom",
    "boa",
    "muito",
    "tudo",
    "beleza",
    "sim",
    "não",
    "parabéns",
    "felicidades",
    "como",
    "esta",
    "este",
    "eso",
    "esto",
    "pero",
    "porque",
    "cuando",
    "donde",
    "quien",
    "aqui",
    "aquí",
    "alli",
    "allí",
    "tambien",
    "también",
    "solo",
    "sólo",
    "otra",
    "otro",
    "mismo",
    "misma",
    "mejor",
    "peor",
    "gran",
    "grande",
    "nueva",
    "viva",
    "vive",
    "feliz",
    "tengo",
    "tiene",
    "estoy",
    "eres",
    "somos",
    "son",
    "fue",
    "hay",
    "ser",
    "estar",
    "hacer",
    "quiero",
    "te",
    "amo",
    "jaja",
    "jajaja",
    "jeje",
    "kkk",
    "kkkk",
    // Nationalities and peoples.
    "german",
    "germans",
    "italian",
    "spanish",
    "polish",
    "turkish",
    "russian",
    "irish",
    "scottish",
    "welsh",
    "dutch",
    "swedish",
    "norwegian",
    "danish",
    "finnish",
    "greek",
    "austrian",
    "swiss",
    "hungarian",
    "czech",
    "romanian",
    "bulgarian",
    "serbian",
    "croatian",
    "ukrainian",
    "portuguese",
    "belgian",
    "canadian",
    "mexican",
    "african",
    "asian",
    "caucasian",
    "caucasians",
    "hispanic",
    "latino",
    "latina",
    "latinx",
    "jewish",
    "muslim",
    "catholic",
    "protestant",
    "chinese",
    "japanese",
    "korean",
    "indian",
    "pakistani",
    "filipino",
    "vietnamese",
    "thai",
    "brazilian",
    "argentine",
    "chilean",
    "colombian",
    "peruvian",
    "cuban",
    "nigerian",
    "kenyan",
    "ethiopian",
    "egyptian",
    "israeli",
    "palestinian",
    "iranian",
    "iraqi",
    "syrian",
    "afghan",
    "australian",
    "american",
    "americans",
    "european",
    "europeans",
    // Countries that name lists also hold ("Jordan", "Georgia" and "Chad" are left
    // out: they are common given names).
    "india",
    "israel",
    "kenya",
    "china",
    "japan",
    "england",
    "scotland",
    "ireland",
    "wales",
    "france",
    "germany",
    "spain",
    "italy",
    "poland",
    "austria",
    "russia",
    "ukraine",
    "turkey",
    "greece",
    "mexico",
    "canada",
    "brazil",
    "argentina",
    "peru",
    "chile",
    "colombia",
    "cuba",
    "haiti",
    "jamaica",
    "nigeria",
    "ghana",
    "egypt",
    "iran",
    "iraq",
    "syria",
    "lebanon",
    "pakistan",
    "afghanistan",
    "bangladesh",
    "nepal",
    "vietnam",
    "thailand",
    "malaysia",
    "indonesia",
    "philippines",
    "korea",
    "australia",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "holland",
    "belgium",
    "portugal",
    "hungary",
    "romania",
    "bulgaria",
    "serbia",
    "croatia",
    "bosnia",
    "albania",
    "africa",
    "asia",
    "europe",
    "america",
    "venezuela",
    "suriname",
    "guyana",
    "bolivia",
    "ecuador",
    "paraguay",
    "uruguay",
    "panama",
    "nicaragua",
    "honduras",
    "guatemala",
    "belize",
    "martinique",
    "guadeloupe",
    "barbados",
    "trinidad",
    "tobago",
    "bahamas",
    "bermuda",
    "angola",
    "uganda",
    "sudan",
    "congo",
    "zambia",
    "zimbabwe",
    "botswana",
    "namibia",
    "mozambique",
    "tanzania",
    "rwanda",
    "burundi",
    "somalia",
    "ethiopia",
    "eritrea",
    "libya",
    "tunisia",
    "algeria",
    "morocco",
    "senegal",
    "cameroon",
    "gabon",
    "liberia",
    "togo",
    "benin",
    "yemen",
    "oman",
    "qatar",
    "bahrain",
    "kuwait",
    "cyprus",
    "malta",
    "iceland",
    "estonia",
    "latvia",
    "lithuania",
    "belarus",
    "moldova",
    "slovakia",
    "slovenia",
    "macedonia",
    "montenegro",
    "kosovo",
    "armenia",
    "azerbaijan",
    "kazakhstan",
    "uzbekistan",
    "mongolia",
    "cambodia",
    "laos",
    "myanmar",
    "burma",
    "singapore",
    "taiwan",
    "maldives",
    "bhutan",
    "fiji",
    "samoa",
    "tonga",
    "zealand",
    "anglo",
    // US states that are not also given names.
    "oregon",
    "pennsylvania",
    "ohio",
    "texas",
    "iowa",
    "utah",
    "idaho",
    "kansas",
    "kentucky",
    "tennessee",
    "alabama",
    "arizona",
    "arkansas",
    "michigan",
    "minnesota",
    "missouri",
    "wisconsin",
    "illinois",
    "louisiana",
    "mississippi",
    "connecticut",
    "massachusetts",
    "delaware",
    "vermont",
    "hawaii",
    "alaska",
    "oklahoma",
    "nebraska",
    "wyoming",
    "colorado",
    "california",
    "ontario",
    "quebec",
    // Italian, French, German.
    "ciao",
    "grazie",
    "amore",
    "tutti",
    "buongiorno",
    "buonanotte",
    "bonjour",
    "bonsoir",
    "merci",
    "oui",
    "avec",
    "pour",
    "très",
    "tres",
    "joyeux",
    "anniversaire",
    "danke",
    "bitte",
    "guten",
    "morgen",
    "nacht",
    "liebe",
    "alles",
    "gute",
    "herzlichen",
    "glückwunsch",
    "frohe",
    "schön",
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
    /// Medical vocabulary (a drug, a device, an eponym): a name only in a person's
    /// company; [`find`] decides which, before anything else reads the kinds.
    Medical,
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
    // "Jenny's" is looked up as "jenny".
    let lower = strip_possessive(token.lower());
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
    if token.shape == Shape::Title && !name_like_capitals(&text[token.range.clone()]) {
        return Word::Other;
    }
    // "Win7", "Route66", "4Life": a word glued to digits is a code or a brand.
    let glued = text[token.range.end..].starts_with(|c: char| c.is_ascii_digit())
        || text[..token.range.start].ends_with(|c: char| c.is_ascii_digit());
    if glued {
        return Word::Other;
    }
    // One lookup answers every question below.
    let entry = lex.entry(lower);
    if is_word_like_entry(lower, entry) || NOT_NAMES_ALONE.contains(lower) {
        return Word::Other;
    }
    // "Italian-American", "Anglo-Indian": a compound with a nationality in it.
    if lower.contains('-') && lower.split('-').any(|part| NOT_NAMES_ALONE.contains(part)) {
        return Word::Other;
    }
    if is_medical_word(lex, lower, entry) {
        return Word::Medical;
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
    // Names of 17 letters or more are rare; such words are compounds
    // ("Krankenversicherungsgesetz") or run-together phrases.
    if (2..17).contains(&word.chars().count())
        && entry.zipf < 3.0
        && !CLINICAL_ABBREVIATIONS.contains(lower)
        && !vocabulary::has_medical_ending(lower)
    {
        return Word::Unknown;
    }
    Word::Other
}

/// Whether a lower-case word is medical vocabulary rather than a name: a drug,
/// disease, device or abbreviation ("tamiflu", "vicryl", "abd"), or a word found
/// only inside multi-word disease names and in no list of names ("hodgkin",
/// "chagas"). A word the census knows as a first name, or as a surname that is not
/// rare, is not vetoed on the vocabulary's word alone ("Allegra" is a brand and a
/// name): only the company it keeps can say (see [`medical_company`]). The
/// curated words of [`vocabulary`] were chosen to be medical first and veto
/// anyway ("Foley").
fn is_medical_word(lex: &Lexicon, lower: &str, entry: WordEntry) -> bool {
    if vocabulary::is_curated(lower) {
        return true;
    }
    let vocab = lex.vocabulary();
    let census_first = entry
        .first_name_rank
        .is_some_and(|r| r < INTERNATIONAL_RANK);
    let listed_surname = entry.surname_rank.is_some_and(|r| r <= 10_000);
    if census_first || listed_surname {
        return false;
    }
    if vocab.is_term_word(lower) {
        return true;
    }
    let no_name_list = entry.first_name_rank.is_none() && entry.surname_rank.is_none();
    no_name_list && entry.zipf < 3.0 && vocab.in_a_term(lower)
}

/// Whether the capitals of a Title-shaped word are those of a name: "Smith",
/// "O'Brien", "McDonald", "DeShawn", "Mary-Jane" are; camel-case compounds
/// ("DanceCrew", "FastBuildKit"), plurals of acronyms ("ICUs", "EKGs"), mixed
/// abbreviations ("IgG", "HbA") and hyphenated words with a lower-case part
/// ("HIV-negative", "CDC-funded", "HEE-mo-glo-bin") are not.
fn name_like_capitals(word: &str) -> bool {
    // Most words: one capital, then lower case letters only.
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase) {
        return true;
    }
    // Pieces after an apostrophe: a possessive "s" or the lower case of "O'neil"
    // say nothing; a piece with capitals is judged like the rest ("O'Brien").
    let pieces = word.split('-').flat_map(|part| {
        part.split(['\'', '’'])
            .enumerate()
            .filter(|(k, piece)| *k == 0 || piece.chars().any(char::is_uppercase))
            .map(|(_, piece)| piece)
    });
    pieces.into_iter().all(|part| {
        let letters: Vec<char> = part.chars().filter(|c| c.is_alphabetic()).collect();
        let Some(first) = letters.first() else {
            return true;
        };
        if !first.is_uppercase() {
            return false;
        }
        if letters.len() == 1 {
            return true;
        }
        // "ICUs", "EKGs", "IVFs": two capitals first, then lower case.
        if letters[1].is_uppercase() {
            return letters.iter().all(|c| c.is_uppercase());
        }
        // "IgG": a capital after lower case at the end.
        if letters.last().is_some_and(|c| c.is_uppercase()) {
            return false;
        }
        // Inner capitals: one, after a short prefix ("McDonald", "DeShawn",
        // "MacArthur", "LaToya"); more, or after a longer prefix, is a compound.
        let inner: Vec<usize> = (1..letters.len())
            .filter(|&k| letters[k].is_uppercase())
            .collect();
        match inner.as_slice() {
            [] => true,
            [k] => *k <= 3,
            _ => false,
        }
    })
}

fn capitalised(token: &Token) -> bool {
    matches!(token.shape, Shape::Title | Shape::Upper)
}

/// Name candidates in `text`.
pub fn find(text: &str, tokens: &[Token], lex: &Lexicon) -> Vec<Candidate> {
    let mut kinds: Vec<Word> = tokens.iter().map(|t| classify(lex, t, text)).collect();
    medical_or_person(text, tokens, &mut kinds, lex);
    // Words inside a hashtag ("#MondayMotivation", "# FlashbackFriday") are topics,
    // not names (a hashtag that spells a full name is found whole below). Words
    // inside a handle keep their kind: a name in it ("@ Tobin_Farr3") is as strong
    // a finding as elsewhere, and the whole handle is reported beside it.
    let handles = social_handles(text, lex);
    let tags = hashtags(text);
    for (k, token) in tokens.iter().enumerate() {
        let inside =
            |r: &std::ops::Range<usize>| r.start < token.range.start && token.range.start < r.end;
        // A town keeps its kind: "#Leeds" still names a place.
        if tags.iter().any(inside) && !lex.is_city(&token.lower) {
            kinds[k] = Word::Other;
        }
    }
    // An upper-case title before a word that is not upper case is an abbreviation
    // ending a sentence ("living with MS. Most days…"); "MR. JONES" in capitals is
    // a title.
    for k in 0..tokens.len() {
        if kinds[k] == Word::Honorific
            && tokens[k].shape == Shape::Upper
            && tokens.get(k + 1).is_none_or(|t| t.shape != Shape::Upper)
        {
            kinds[k] = Word::Other;
        }
    }
    name_after_honorific(text, tokens, &mut kinds);
    let listed = names_in_lists(text, tokens, &mut kinds, lex);
    let speakers = dialogue_speakers(text, tokens, &kinds);
    let mut out = handles;
    out.extend(hashtag_names(text, &tags, lex));
    out.extend(lower_case_name_list(text, tokens, lex));
    out.extend(name_field_values(text, tokens, &kinds, lex));
    // Speakers of a dialogue typed in lower case ("kai: where were you?").
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
        let medical = medical_company(tokens, &kinds, lex, i, j)
            && !person_context(text, tokens, &kinds, i, j);
        if let Some(mut candidate) = score_segment(text, tokens, &kinds, i, j).filter(|_| !medical)
        {
            if j == i + 1 && candidate.confidence < 0.55 {
                if speakers[i] {
                    candidate.confidence = 0.55;
                    candidate.reason = "a speaker's name in a dialogue".to_string();
                } else if listed[i] {
                    // "the owners: Okafor, Graves and Reed": one name in a list of
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
    merge_into_handles(out)
}

/// A name found inside a handle ("Tobin" in "@ Tobin_Farr3") makes the whole handle
/// as strong a finding as the name, reported once, over the whole handle.
fn merge_into_handles(mut out: Vec<Candidate>) -> Vec<Candidate> {
    let is_handle = |c: &Candidate| c.suggestion == "[handle]";
    let handles: Vec<std::ops::Range<usize>> = out
        .iter()
        .filter(|c| is_handle(c))
        .map(|c| c.range.clone())
        .collect();
    for range in handles {
        let within = |c: &Candidate| {
            !is_handle(c) && range.start <= c.range.start && c.range.end <= range.end
        };
        let Some(best) = out
            .iter()
            .filter(|c| within(c))
            .map(|c| c.confidence)
            .reduce(f32::max)
        else {
            continue;
        };
        out.retain(|c| !within(c));
        if let Some(handle) = out.iter_mut().find(|c| c.range == range) {
            if best > handle.confidence {
                handle.confidence = best;
                handle.reason = "a social-media handle with a person's name in it".to_string();
            }
        }
    }
    // Handles that spell no name and hold none are not findings.
    out.retain(|c| c.confidence > 0.0);
    out
}

/// Whether a name or place that only the learned tagger sees (no rule agrees) is
/// a word the lists know to be something else: every word of it an everyday word,
/// an acronym or a medical term (a lower-case "outside", an upper-case clinical
/// abbreviation, a drug; for a place, "switched it over", unless the word is a town
/// in the gazetteer), or the span an eponym ("Bellamy syndrome"). The tagger
/// reads the sentence but knows only the words it was trained on; the word lists
/// know the rest of the language.
pub fn tagged_span_is_vocabulary(
    text: &str,
    range: Range<usize>,
    place: bool,
    lex: &Lexicon,
) -> bool {
    // The span and the word after it, tokenised on their own.
    let after = &text[range.end..];
    let next_word_end = after
        .char_indices()
        .skip_while(|(_, c)| *c == ' ')
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '\'' || *c == '’' || *c == '-'))
        .map_or(text.len(), |(i, _)| range.end + i);
    let window = &text[range.start..next_word_end];
    let tokens = super::tokens::tokenize(window);
    let inside = tokens
        .iter()
        .take_while(|t| t.range.end <= range.end - range.start)
        .count();
    // A handle or a hashtag is the user's own spelling, not a word of the language.
    let before = text[..range.start].trim_end_matches(' ');
    if inside == 0 || before.ends_with(['@', '#']) {
        return false;
    }
    let kinds: Vec<Word> = tokens.iter().map(|t| classify(lex, t, window)).collect();
    if medical_company(&tokens, &kinds, lex, 0, inside) {
        return true;
    }
    // Capitalised everyday words are often part of a name or a place ("Rose",
    // "Harbour Hospital"); written in lower case, a common word that no names
    // list holds is the word it looks like ("switched over", "the lower") — posts
    // write names in lower case too, so a word that is also a name stays — and
    // a clinical abbreviation stays one in capitals.
    kinds[..inside]
        .iter()
        .zip(&tokens)
        .all(|(kind, token)| match kind {
            Word::Medical => true,
            Word::Other if token.shape == Shape::Lower => {
                let lower = strip_possessive(token.lower());
                let entry = lex.entry(lower);
                if place {
                    // The gazetteer and the surname lists hold towns and people called
                    // that are also everyday words: only a common name or town vouches for it.
                    is_word_like_entry(lower, entry)
                } else {
                    let no_name = entry.first_name_rank.is_none() && entry.surname_rank.is_none();
                    no_name && entry.zipf >= 5.0 && !lex.is_city(lower)
                }
            }
            Word::Other => CLINICAL_ABBREVIATIONS.contains(token.lower()),
            _ => false,
        })
}

/// Whether the words `i..j` are part of a drug or disease name in the text
/// ("Lyme" in "Lyme disease", "Hodgkin" in "non-Hodgkin lymphoma") or stand before
/// a word that makes them an eponym ("Wilson disease", "Mayo scissors", "Kelly
/// clamp"). Words that also follow a person's name ("fever", "test") count only
/// when no word of the segment is a census first name.
fn medical_company(tokens: &[Token], kinds: &[Word], lex: &Lexicon, i: usize, j: usize) -> bool {
    if lex.vocabulary().term_covering(tokens, i, j).is_some() {
        return true;
    }
    let Some(next) = tokens.get(j).filter(|t| t.gap == Gap::Space) else {
        return false;
    };
    if j == i + 1 && latin_epithet(next, lex) {
        return true;
    }
    match vocabulary::eponym_head(&next.lower) {
        Some(false) => true,
        Some(true) => !(i..j).any(|k| {
            matches!(kinds[k], Word::First | Word::Unknown)
                && lex
                    .first_name_rank(strip_possessive(&tokens[k].lower))
                    .is_some_and(|r| r < INTERNATIONAL_RANK)
        }),
        None => false,
    }
}

/// The second word of a Latin binomial ("Ixora coccinea", "Borrelia
/// burgdorferi"): lower case, no English word and no name, with a Latin ending.
/// The capitalised word before it is a genus, not a person.
fn latin_epithet(token: &Token, lex: &Lexicon) -> bool {
    const ENDINGS: &[&str] = &[
        "i", "ae", "us", "um", "is", "ensis", "oides", "ata", "ica", "ina", "osa", "ella", "iae",
        "ii", "ium", "ans", "ens", "ea",
    ];
    let entry = lex.entry(&token.lower);
    token.shape == Shape::Lower
        && token.lower.chars().count() >= 5
        && token.lower.chars().all(char::is_alphabetic)
        && entry.zipf == 0.0
        && entry.first_name_rank.is_none()
        && entry.surname_rank.is_none()
        && ENDINGS.iter().any(|e| token.lower.ends_with(e))
}

fn strip_possessive(lower: &str) -> &str {
    lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(lower)
}

/// Settles each medical word ([`Word::Medical`]): a surname in a person's company
/// ("Mr. Foley", "Hugo Foley", "Foley said", "my friend Foley"), otherwise not a
/// name at all ("Foley removed", "Tamiflu and Paxlovid").
fn medical_or_person(text: &str, tokens: &[Token], kinds: &mut [Word], lex: &Lexicon) {
    for k in 0..tokens.len() {
        if kinds[k] != Word::Medical {
            continue;
        }
        let person = capitalised(&tokens[k])
            && tokens[k].gap != Gap::Newline
            && (k > 0 && {
                let previous = &tokens[k - 1];
                let between = &text[previous.range.end..tokens[k].range.start];
                let tight = between.trim_start_matches('.').trim().is_empty();
                let honorific =
                    HONORIFICS.contains(&previous.lower) && previous.shape != Shape::Lower;
                let first_name = kinds[k - 1] == Word::First
                    && tokens[k].gap == Gap::Space
                    && lex
                        .first_name_rank(strip_possessive(&previous.lower))
                        .is_some_and(|r| r < INTERNATIONAL_RANK);
                // Only words that say "person" outright: "called" and "by" come
                // before drugs and organisms as often as before people.
                let role = KINSHIP.contains(&previous.lower)
                    || matches!(previous.lower(), "patient" | "pt" | "named" | "nurse");
                tight && (honorific || role) || first_name
            } || person_verb_after(tokens, k + 1).is_some());
        kinds[k] = if person { Word::Last } else { Word::Other };
    }
}

/// Whether the segment `i..j` has a person's context that outweighs medical
/// company: a title just before ("Dr. Mayo", "Mr. Foley"), a context word such as
/// "patient" or "my friend", or a person verb after ("Foley said").
fn person_context(text: &str, tokens: &[Token], kinds: &[Word], i: usize, j: usize) -> bool {
    if i > 0 && tokens[i].gap != Gap::Newline {
        let between = &text[tokens[i - 1].range.end..tokens[i].range.start];
        let tight = between.trim_start_matches('.').trim().is_empty();
        // Only words that say "person" outright: "called" and "by" come before
        // drugs, eponyms and organisms as often as before people.
        let previous = tokens[i - 1].lower();
        let role = KINSHIP.contains(previous)
            || matches!(
                previous,
                "patient" | "pt" | "named" | "nurse" | "mr" | "mrs" | "ms" | "dr"
            );
        if tight && (kinds[i - 1] == Word::Honorific || role) {
            return true;
        }
    }
    person_verb_after(tokens, j).is_some()
}

/// Social-media handles, which identify their holder as surely as a name: "@name",
/// and "@ name" as tokenised text writes it. Not an e-mail address ("a@b.org",
/// "user @ mail . org"), not "@" for "at" before an everyday word ("@ home") or a
/// number ("@ 5pm"). Reported as a warning: a post tags colleagues, public figures
/// and organisations far more often than patients, and the author knows which.
fn social_handles(text: &str, lex: &Lexicon) -> Vec<Candidate> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue; // an e-mail address
        }
        let mut start = at + 1;
        if bytes.get(start) == Some(&b' ') {
            start += 1;
        }
        let handle_len = text[start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(text.len() - start);
        let end = start + handle_len;
        let handle = &text[start..end];
        if handle.chars().count() < 2
            || !handle.starts_with(|c: char| c.is_alphabetic() || c == '_')
        {
            continue;
        }
        // "@ mail . org", "@mail.org": a domain.
        let rest = text[end..].trim_start_matches(' ');
        if rest.starts_with('.')
            && rest[1..]
                .trim_start_matches(' ')
                .starts_with(char::is_alphabetic)
        {
            continue;
        }
        let lower = handle.to_lowercase();
        let everyday = lex.zipf(&lower) >= 3.5 && lex.first_name_rank(&lower).is_none();
        if start > at + 1 && everyday {
            continue; // "@ home", "@ the gym"
        }
        if everyday && lex.zipf(&lower) >= 5.0 {
            continue;
        }
        // A handle that spells no name is kept at a confidence below reporting: a
        // name found inside it by the word rules still lifts it (see
        // `merge_into_handles`).
        let confidence = if person_like_handle(handle, lex) {
            0.45
        } else {
            0.0
        };
        out.push(Candidate {
            range: at..end,
            category: Category::Name,
            confidence,
            reason: "a social-media handle that spells a person's name".to_string(),
            suggestion: "[handle]".to_string(),
        });
    }
    out
}

/// Whether a handle spells a person's name: one of its parts (split at
/// underscores, digits and lower-to-upper case changes: "Zoe_Rivers42",
/// "DannyKeysMusic") is a known given name or surname that is not an everyday
/// word, or, run together in lower case ("ameliastone"), it starts with a common
/// given name. Accounts of organisations and topics ("@CityHealthDept",
/// "@DailyQuotes") are left alone: they identify no patient, and a draft that
/// tags a public agency should not be blocked for it.
fn person_like_handle(handle: &str, lex: &Lexicon) -> bool {
    let parts = word_parts(handle);
    let named = |word: &str| {
        let entry = lex.entry(word);
        let first = entry.first_name_rank.is_some_and(|r| r <= 3000);
        let last = entry.surname_rank.is_some_and(|r| r <= 20_000);
        word.chars().count() >= 3
            && (first || last)
            && !is_word_like_entry(word, entry)
            && !NOT_NAMES_ALONE.contains(word)
    };
    if parts.iter().any(|p| named(p)) {
        return true;
    }
    // "ameliastone": a common given name of four letters or more, then more.
    parts.iter().any(|part| {
        let chars: Vec<(usize, char)> = part.char_indices().collect();
        (4..chars.len().min(9)).any(|n| {
            let prefix = &part[..chars[n].0];
            lex.first_name_rank(prefix).is_some_and(|r| r <= 1000)
                && !is_word_like_entry(prefix, lex.entry(prefix))
        })
    })
}

/// The lower-case words run together in a handle or hashtag, split at underscores,
/// digits and lower-to-upper case changes ("Zoe_Rivers42" → zoe, rivers).
fn word_parts(joined: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in joined.chars() {
        if (!c.is_alphabetic() || (c.is_uppercase() && previous_lower)) && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        if c.is_alphabetic() {
            current.extend(c.to_lowercase());
        }
        previous_lower = c.is_lowercase();
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// Hashtags that spell a person's full name ("#MariaLopez", "#JohnOkafor"): a
/// known first name, then a surname or a word in no English list. Reported as a
/// warning, like handles: such tags are mostly about public figures. Other
/// hashtags ("#MondayMotivation") are topics.
fn hashtag_names(text: &str, tags: &[std::ops::Range<usize>], lex: &Lexicon) -> Vec<Candidate> {
    let mut out = Vec::new();
    for range in tags {
        let parts = word_parts(&text[range.clone()]);
        if !(2..=3).contains(&parts.len()) {
            continue;
        }
        let first = lex.entry(&parts[0]);
        let last = lex.entry(&parts[parts.len() - 1]);
        let first_ok = first.first_name_rank.is_some_and(|r| r <= 3000)
            && !is_word_like_entry(&parts[0], first);
        let last_ok = parts[parts.len() - 1].chars().count() >= 3
            && !is_word_like_entry(&parts[parts.len() - 1], last)
            && (last.surname_rank.is_some() || last.zipf == 0.0);
        if first_ok && last_ok {
            out.push(Candidate {
                range: range.clone(),
                category: Category::Name,
                confidence: 0.45,
                reason: "a hashtag that spells a person's name".to_string(),
                suggestion: "[name]".to_string(),
            });
        }
    }
    out
}

/// Hashtags ("#NowPlaying", "# TBT" as tokenised text writes it): their byte
/// ranges. A "#" at the start of a line followed by a space is a Markdown heading
/// in plain text, not a hashtag.
fn hashtags(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (hash, _) in text.match_indices('#') {
        let mut start = hash + 1;
        if bytes.get(start) == Some(&b' ') {
            let line_start = text[..hash].rfind('\n').map_or(0, |p| p + 1);
            if text[line_start..hash].trim().is_empty() {
                continue;
            }
            start += 1;
        }
        let len = text[start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(text.len() - start);
        if len > 0 && text[start..].starts_with(char::is_alphabetic) {
            out.push(hash..start + len);
        }
    }
    out
}

/// Verbs that, right after a lone capitalised word, say it is a person ("Okonkwo spent
/// the summer…", "Teodora shouted at…"): things people do, not things drugs or
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
fn person_verb_after<'t>(tokens: &'t [Token], j: usize) -> Option<&'t str> {
    let next = tokens.get(j)?;
    (next.gap == Gap::Space && PERSON_VERBS.contains(next.lower())).then_some(next.lower())
}

/// A capitalised word right after a title is a name even when it is also an
/// ordinary word ("Mr. Bush", "Dr. Fox"); so is one that a sentence names ("her
/// name is Joy").
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
        // "his name was Bond", "they named her Joy": what is being named is
        // a person's name, even when it is also an ordinary word.
        let naming = i >= 2
            && matches!(
                (tokens[i - 2].lower(), tokens[i - 1].lower()),
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
/// lets a list of names vouch for an ordinary-looking member ("Graves", "Reed": "Okafor, Graves and Reed").
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
            && matches!(tokens[i - 1].lower(), "and" | "or")
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
        let lower = strip_possessive(&tokens[to].lower);
        if kinds[to] == Word::Other
            && tokens[to].shape == Shape::Title
            && lex.zipf(lower) < 4.5
            && !title_case_run(tokens, to)
            && !NOT_PERSON_WORDS.contains(lower)
            && !NOT_NAMES_ALONE.contains(lower)
            && name_like_capitals(&text[tokens[to].range.clone()])
            && !is_medical_word(lex, lower, lex.entry(lower))
        {
            kinds[to] = Word::Last;
        }
        // Two words in no list ("Tonsils and Adenoids") are not vouched for by each
        // other: one end must be a known name.
        let known = |k: Word| matches!(k, Word::First | Word::Last);
        if is_name(kinds[to]) && (known(kinds[from]) || known(kinds[to])) {
            listed[from] = true;
            listed[to] = true;
        }
    }
    listed
}

/// Whether token `k` stands in a run of capitalised words ("Heart and
/// Lung Institute", "Bones and Connective Tissue"): a heading or an
/// organisation's name, whose words are not list items of names.
fn title_case_run(tokens: &[Token], k: usize) -> bool {
    let capital = |t: &Token| t.shape == Shape::Title && t.lower.chars().count() > 3;
    let next = tokens
        .get(k + 1)
        .is_some_and(|t| t.gap == Gap::Space && capital(t));
    let previous = k > 0 && tokens[k].gap == Gap::Space && capital(&tokens[k - 1]);
    next || previous
}

/// A list of first names written in lower case ("the twins, noah and
/// liam, and their sister ava"): three or more list items in a row, each a known first
/// name that is not an everyday word ("may", "june", "rose" are).
fn lower_case_name_list(text: &str, tokens: &[Token], lex: &Lexicon) -> Vec<Candidate> {
    let is_item = |t: &Token| {
        t.shape == Shape::Lower
            && lex.first_name_rank(&t.lower).is_some()
            && lex.zipf(&t.lower) < 4.3
            && !WORD_LIKE_NAMES.contains(t.lower())
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
                .is_some_and(|t| matches!(t.lower(), "and" | "or"))
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

/// Speaker labels of a written dialogue ("Tobiah: Late again.\nGrace: Traffic,
/// sorry"): a capitalised word alone at the start of a line, followed by a colon. One
/// label is a form field ("Note:", "Plan:"); two or more, at least one of them a
/// known first name, are a conversation, and every name-like label is a speaker.
fn dialogue_speakers(text: &str, tokens: &[Token], kinds: &[Word]) -> Vec<bool> {
    // The cheap tests first: looking back to the line's start is a scan of the
    // line, for every word of a long paragraph.
    let is_label = |i: usize| {
        let token = &tokens[i];
        text[token.range.end..].starts_with(':')
            && (capitalised(token) || token.shape == Shape::Lower)
            && matches!(kinds[i], Word::First | Word::Last | Word::Unknown)
            && text[..token.range.start]
                .chars()
                .rev()
                .take_while(|&c| c != '\n')
                .all(|c| matches!(c, ' ' | '\t' | '>' | '*' | '-'))
    };
    let labels: Vec<usize> = (0..tokens.len()).filter(|&i| is_label(i)).collect();
    let mut speakers = vec![false; tokens.len()];
    // Lower-case labels ("kai:", "dana:") carry less evidence than capitals: each
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
/// surname ("nora whitfield"), or a known name right after a strong context word.
fn lower_case_name(
    text: &str,
    tokens: &[Token],
    kinds: &[Word],
    i: usize,
    lex: &Lexicon,
) -> Option<(Candidate, usize)> {
    let token = &tokens[i];
    if token.shape != Shape::Lower || WORD_LIKE_NAMES.contains(token.lower()) {
        return None;
    }
    let first =
        lex.first_name_rank(&token.lower).is_some_and(|r| r <= 2000) && kinds[i] == Word::First;
    let next_last = tokens.get(i + 1).is_some_and(|n| {
        n.shape == Shape::Lower
            && n.gap == Gap::Space
            && matches!(kinds[i + 1], Word::Last | Word::First)
            && lex.surname_rank(strip_possessive(&n.lower)).is_some()
    });
    if first && next_last {
        // "walter jones's daughter": the possessive is not part of the name.
        let possessive = tokens[i + 1].lower.len() - strip_possessive(&tokens[i + 1].lower).len();
        return Some((
            candidate(
                text,
                tokens[i].range.start..tokens[i + 1].range.end - possessive,
                0.55,
                "a first and last name written in lower case",
            ),
            i + 2,
        ));
    }
    if let Some(end) = lower_case_full_name(tokens, kinds, i, lex) {
        let last = &text[tokens[end - 1].range.clone()];
        // "irena novakova's bakery": the possessive is not part of the name.
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
    if i == 0 {
        return None;
    }
    let previous = tokens[i - 1].lower();
    let between = &text[tokens[i - 1].range.end..token.range.start];
    // "dr murray", "dr. murray", "nurse sarah": one space, or a title's period.
    let tight = !between.contains('\n') && between.trim_start_matches('.').trim().is_empty();
    let title = matches!(previous, "mr" | "mrs" | "ms" | "mx" | "dr" | "prof");
    let role = matches!(previous, "patient" | "pt" | "named" | "nurse" | "doctor");
    let name_is = i > 1 && previous == "is" && tokens[i - 2].lower == "name";
    let kin = KINSHIP.contains(previous) && token.gap == Gap::Space;
    let fits = match kinds[i] {
        Word::First => title || role || name_is || kin,
        // A surname is named after a title or a role ("dr. murray", "nurse
        // lopez"), a word in no list only after a title or "patient"/"named"
        // ("nurse triage" and "doctor visit" are not names).
        Word::Last => title || role || name_is,
        Word::Unknown => {
            title
                || name_is
                || (previous == "named"
                    && lex.zipf(&token.lower) == 0.0
                    && token.lower.chars().all(char::is_alphabetic))
        }
        _ => false,
    };
    // Only a title's period may stand between ("dr. murray"); "nurse. sarah" is
    // two sentences.
    let gap_ok = token.gap == Gap::Space || (title && tight);
    if gap_ok && fits {
        return Some((
            candidate(
                text,
                token.range.clone(),
                0.6,
                &format!("a name after '{previous}'"),
            ),
            i + 1,
        ));
    }
    None
}

/// Family and close relations: a known first name right after one, even in lower
/// case, is that person's name ("my daughter sarah spent the night").
static KINSHIP: WordSet = WordSet::new(&[
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
    "granny",
    "nana",
    "grandson",
    "granddaughter",
    "aunt",
    "auntie",
    "uncle",
    "cousin",
    "niece",
    "nephew",
    "stepson",
    "stepdaughter",
    "stepmom",
    "stepdad",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancé",
    "fiancee",
    "fiancée",
    "partner",
    "friend",
    "bestie",
    "bff",
    "roommate",
    "neighbor",
    "neighbour",
    "twin",
    "baby",
    "kid",
    "child",
]);

/// "irena novakova", "thomas j okereke", "helen r. vasquez-oyelaran": a known first name
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
    let entry = lex.entry(strip_possessive(&surname.lower));
    // Without an initial, a first name known only from the international list
    // ("rust", "vue") before an unlisted word ("vue devtools", "kit deps") is too often
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

/// The value of a "Name:" field at the start of a line ("name:    keiko r.
/// abernathy-ito"), in any case: the words after the colon on that line, when at least one
/// of them is a known name or no English word (so "Name: not given" stays quiet).
fn name_field_values(
    text: &str,
    tokens: &[Token],
    kinds: &[Word],
    lex: &Lexicon,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, label) in tokens.iter().enumerate() {
        let field = match label.lower() {
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
        if next.gap == Gap::Space && capitalised(next) && NOT_PERSON_WORDS.contains(next.lower()) {
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
    let before_word = if i > 0 { tokens[i - 1].lower() } else { "" };
    let lone_capitals_early = tokens[i..j].iter().all(|t| t.shape == Shape::Upper)
        && j == i + 1
        && !(i > 0 && tokens[i - 1].shape == Shape::Upper)
        && !tokens.get(j).is_some_and(|t| t.shape == Shape::Upper);
    // "(also called ABPA)": an acronym after a context word is still an acronym.
    let context = i > 0
        && !lone_capitals_early
        && tokens[i].gap != Gap::Newline
        && (NAME_CONTEXT.contains(before_word)
            || (i > 1
                && NAME_CONTEXT.contains(tokens[i - 2].lower())
                && tokens[i - 1].lower == "is"));
    let all_upper = tokens[i..j].iter().all(|t| t.shape == Shape::Upper);
    // One upper-case word in mixed-case text is more often an acronym (a lab test,
    // a journal, an agency) than a name shouted.
    let lone_capitals = all_upper
        && j == i + 1
        && !(i > 0 && tokens[i - 1].shape == Shape::Upper)
        && !tokens.get(j).is_some_and(|t| t.shape == Shape::Upper);

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
        confidence -= if known == 0 || lone_capitals {
            0.15
        } else {
            0.05
        };
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

#[cfg(test)]
mod tests {
    //! Every text here is written for these tests.
    use std::io::Write as _;
    use std::sync::OnceLock;

    use super::*;
    use crate::recognizers::resolve_overlaps;
    use crate::recognizers::tokens::tokenize;

    /// The fetched lists, loaded once; `None` (and the test skipped, saying so) without
    /// them outside CI.
    fn lexicon() -> Option<&'static Lexicon> {
        static LEXICON: OnceLock<Option<Lexicon>> = OnceLock::new();
        let lexicon = LEXICON.get_or_init(|| {
            Lexicon::load(&clearpost_assets::assets_dir())
                .map_err(|err| {
                    // Under CI nothing may skip: a missing list fails the test.
                    let ci = matches!(std::env::var("CI").as_deref(), Ok("true" | "1"));
                    assert!(
                        !ci,
                        "CI=true, so this test may not skip: word lists not available ({err})"
                    );
                    // Written past the test harness's capture, so test-all can count it.
                    let _ = writeln!(
                        std::io::stderr(),
                        "SKIP: word lists not available ({err}) [clearpost-phi names unit tests]"
                    );
                })
                .ok()
        });
        lexicon.as_ref()
    }

    /// The name findings a user sees (reported at 0.35), with their confidence.
    fn names_in(text: &str, lex: &Lexicon) -> Vec<(String, f32)> {
        resolve_overlaps(find(text, &tokenize(text), lex))
            .into_iter()
            .filter(|c| c.confidence >= 0.35)
            .map(|c| (text[c.range].to_string(), c.confidence))
            .collect()
    }

    fn found(text: &str, lex: &Lexicon) -> Vec<String> {
        names_in(text, lex).into_iter().map(|(t, _)| t).collect()
    }

    /// Names that block (0.5 and above).
    fn blocking(text: &str, lex: &Lexicon) -> Vec<String> {
        names_in(text, lex)
            .into_iter()
            .filter(|(_, c)| *c >= 0.5)
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn drugs_devices_sutures_and_instruments_are_not_names() {
        let Some(lex) = lexicon() else { return };
        for text in [
            "Our pharmacy now stocks Tamiflu and Paxlovid for the season.",
            "Started Lasix and Eliquis; Ortho to see her tomorrow.",
            "Ask your pharmacist whether Zyrtec or Claritin suits you better.",
            "Fascia closed with Vicryl, skin with Prolene; Foley out on day two.",
            "Used the Bovie, then Metzenbaum and Mayo scissors for the dissection.",
            "Biopsy showed Gleason 7; Marcaine infiltrated at the port sites.",
            "A Kelly clamp and a Richardson retractor were on the tray.",
        ] {
            assert!(
                found(text, lex).is_empty(),
                "{text}: {:?}",
                found(text, lex)
            );
        }
    }

    #[test]
    fn eponymous_diseases_and_signs_are_not_names() {
        let Some(lex) = lexicon() else { return };
        for text in [
            "Kawasaki disease and Addison's disease are rare in this clinic.",
            "Her Bell's palsy resolved and the Ménière's disease is stable.",
            "He was treated for non-Hodgkin lymphoma in the spring.",
            "Turner syndrome is screened for at birth in some countries.",
            "Ticks in the park can carry Lyme disease.",
            "Chagas is spread by insects; Toxoplasma by cats.",
            "Kussmaul breathing and a positive Babinski were noted.",
            "The rash was spread by Ixora coccinea pollen (also called PMDX in the notes).",
            "Pelvic floor exercises called Kegel exercises help.",
        ] {
            assert!(
                found(text, lex).is_empty(),
                "{text}: {:?}",
                found(text, lex)
            );
        }
    }

    #[test]
    fn a_title_or_person_context_outweighs_medical_company() {
        let Some(lex) = lexicon() else { return };
        let text =
            "Dr. Mayo called and Mr. Foley is recovering; ask Dr. Wilson about Lyme disease.";
        let names = blocking(text, lex);
        for name in ["Mayo", "Foley", "Wilson"] {
            assert!(names.contains(&name.to_string()), "{name}: {names:?}");
        }
        let text = "Hugo Foley went home. Foley said thanks.";
        assert!(
            found(text, lex).iter().any(|n| n.contains("Hugo")),
            "{:?}",
            found(text, lex)
        );
        assert!(
            found(text, lex).contains(&"Foley".to_string()),
            "{:?}",
            found(text, lex)
        );
        // A person's possessive before a word that also follows names.
        let text = "Yesterday Jenny's fever broke and we went home.";
        assert_eq!(found(text, lex), ["Jenny's"]);
    }

    #[test]
    fn lower_case_names_after_a_role_or_a_relative() {
        let Some(lex) = lexicon() else { return };
        for (text, name) in [
            ("thank you nurse maria for the night shift", "maria"),
            ("dr. kowalski explained the scan to us", "kowalski"),
            ("seen by dr patel this morning", "patel"),
            ("my son daniel stayed over with me", "daniel"),
            ("so proud of my wife emily today", "emily"),
            ("her granddaughter chloe brought flowers", "chloe"),
        ] {
            assert!(
                blocking(text, lex).contains(&name.to_string()),
                "{text}: {:?}",
                found(text, lex)
            );
        }
    }

    #[test]
    fn role_and_relative_words_before_ordinary_words_stay_quiet() {
        let Some(lex) = lexicon() else { return };
        for text in [
            "the nurse practitioner will call you back",
            "my daughter said the dr. office was closed",
            "ask your doctor about it. nurse triage is open late",
            "my wife and my son will be there",
            "pt dx'd w/ chf, abd soft, pt tolerating po",
            "the patient excretions were collected",
        ] {
            assert!(
                found(text, lex).is_empty(),
                "{text}: {:?}",
                found(text, lex)
            );
        }
    }

    #[test]
    fn names_in_capitals() {
        let Some(lex) = lexicon() else { return };
        assert_eq!(
            blocking("MARGARET OLSEN WAS ADMITTED ON FRIDAY", lex),
            ["MARGARET OLSEN"]
        );
        assert_eq!(blocking("PATIENT SEEN BY MR. OKAFOR", lex), ["OKAFOR"]);
        // An upper-case title before an ordinary capital ends a sentence.
        assert!(found("Symptoms of MS. Most days are good.", lex).is_empty());
    }

    #[test]
    fn handles_are_names_and_hashtags_are_not() {
        let Some(lex) = lexicon() else { return };
        // A warning, not a block: a post may tag a colleague or a public figure.
        let text = "RT @ zoe_rivers42 : what a night #MondayMotivation # FlashbackFriday";
        assert_eq!(found(text, lex), ["@ zoe_rivers42"]);
        assert!(blocking(text, lex).is_empty());
        let text = "great set from @DannyKeysMusic and @ ameliastone_7 tonight";
        assert_eq!(found(text, lex), ["@DannyKeysMusic", "@ ameliastone_7"]);
        // Accounts of agencies and topics identify nobody.
        let text = "updates from @CityHealthDept and @DailyQuotes";
        assert!(found(text, lex).is_empty(), "{:?}", found(text, lex));
        // A hashtag that spells a full name is a name (a warning too).
        let text = "so proud of #DanielOkafor and the #TeamSpirit today";
        assert_eq!(found(text, lex), ["#DanielOkafor"]);
        assert!(blocking(text, lex).is_empty());
        for text in [
            "write to help @ clinic-mail . org or info@clinic-mail.org",
            "see you @ home later, or @ 7pm",
        ] {
            assert!(
                found(text, lex).is_empty(),
                "{text}: {:?}",
                found(text, lex)
            );
        }
    }

    #[test]
    fn social_media_words_that_are_not_names() {
        let Some(lex) = lexicon() else { return };
        for text in [
            "Feliz Navidad a todos, Gracias amigos",
            "Pisces season then Taurus, Gemini vibes all week",
            "new DanceCrew video out, FastBuildKit v2 released",
            "Two ICUs and the EKGs, IgG levels, HIV-negative results",
            "Krankenversicherungsgesetz was amended",
            "Win7 and Route66 forever",
            "The German and the Polish delegations met in Spain.",
            "Rates differ among Italian-American and Korean-American women.",
        ] {
            assert!(
                found(text, lex).is_empty(),
                "{text}: {:?}",
                found(text, lex)
            );
        }
    }

    #[test]
    fn capitalised_words_of_a_heading_are_not_a_list_of_names() {
        let Some(lex) = lexicon() else { return };
        let text = "Call the Heart and Lung Institute, or read Bones and Connective Tissue.";
        assert!(found(text, lex).is_empty(), "{:?}", found(text, lex));
        // A real list still vouches for its ordinary-looking members.
        let text = "The owners: Okafor, Graves and Reed.";
        assert_eq!(found(text, lex), ["Okafor", "Graves", "Reed"]);
    }

    #[test]
    fn curated_vocabulary_works_without_the_lists() {
        let lex = Lexicon::empty();
        assert!(found("Foley catheter and Vicryl sutures", &lex).is_empty());
        assert_eq!(blocking("Mr. Foley went home", &lex), ["Foley"]);
    }

    #[test]
    fn capitals_of_names_and_of_other_words() {
        for word in [
            "Smith",
            "O'Brien",
            "McDonald",
            "DeShawn",
            "Mary-Jane",
            "Smith's",
            "MacArthur",
        ] {
            assert!(name_like_capitals(word), "{word}");
        }
        for word in [
            "DanceCrew",
            "ICUs",
            "IgG",
            "HIV-negative",
            "HEE-mo",
            "TheBestDayEver",
        ] {
            assert!(!name_like_capitals(word), "{word}");
        }
    }
}
