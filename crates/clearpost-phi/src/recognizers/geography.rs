//! Places larger than a Safe Harbor geographic subdivision: countries, US states
//! and the world's regions. A post may name them freely; the scanner drops a place
//! that is only one of them, and the development-set scoring counts such a gold
//! span apart (see `devset::score`).

const US_STATES: &[&str] = &[
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode island",
    "south carolina",
    "south dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "west virginia",
    "wisconsin",
    "wyoming",
    "district of columbia",
    "puerto rico",
];

const COUNTRIES: &[&str] = &[
    // Abbreviations as written with periods (a trailing period is trimmed).
    "u.s",
    "u.s.a",
    "u.k",
    "afghanistan",
    "albania",
    "algeria",
    "andorra",
    "angola",
    "argentina",
    "armenia",
    "australia",
    "austria",
    "azerbaijan",
    "bahamas",
    "bahrain",
    "bangladesh",
    "barbados",
    "belarus",
    "belgium",
    "belize",
    "benin",
    "bhutan",
    "bolivia",
    "botswana",
    "brazil",
    "brunei",
    "bulgaria",
    "burundi",
    "cambodia",
    "cameroon",
    "canada",
    "chad",
    "chile",
    "china",
    "colombia",
    "comoros",
    "congo",
    "croatia",
    "cuba",
    "cyprus",
    "czechia",
    "denmark",
    "djibouti",
    "dominica",
    "ecuador",
    "egypt",
    "eritrea",
    "estonia",
    "eswatini",
    "ethiopia",
    "fiji",
    "finland",
    "france",
    "gabon",
    "gambia",
    "germany",
    "ghana",
    "greece",
    "grenada",
    "guatemala",
    "guinea",
    "guyana",
    "haiti",
    "honduras",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "jamaica",
    "japan",
    "jordan",
    "kazakhstan",
    "kenya",
    "kiribati",
    "kosovo",
    "kuwait",
    "kyrgyzstan",
    "laos",
    "latvia",
    "lebanon",
    "lesotho",
    "liberia",
    "libya",
    "liechtenstein",
    "lithuania",
    "luxembourg",
    "madagascar",
    "malawi",
    "malaysia",
    "maldives",
    "mali",
    "malta",
    "mauritania",
    "mauritius",
    "mexico",
    "micronesia",
    "moldova",
    "monaco",
    "mongolia",
    "montenegro",
    "morocco",
    "mozambique",
    "myanmar",
    "namibia",
    "nauru",
    "nepal",
    "netherlands",
    "nicaragua",
    "niger",
    "nigeria",
    "norway",
    "oman",
    "pakistan",
    "palau",
    "palestine",
    "panama",
    "paraguay",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "romania",
    "russia",
    "rwanda",
    "samoa",
    "senegal",
    "serbia",
    "seychelles",
    "singapore",
    "slovakia",
    "slovenia",
    "somalia",
    "spain",
    "sudan",
    "suriname",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "tajikistan",
    "tanzania",
    "thailand",
    "togo",
    "tonga",
    "tunisia",
    "turkey",
    "turkmenistan",
    "tuvalu",
    "uganda",
    "ukraine",
    "uruguay",
    "uzbekistan",
    "vanuatu",
    "venezuela",
    "vietnam",
    "yemen",
    "zambia",
    "zimbabwe",
    "greenland",
    "united states",
    "united kingdom",
    "united states of america",
    "usa",
    "us",
    "u.s.",
    "u.s.a.",
    "uk",
    "u.k.",
    "america",
    "england",
    "scotland",
    "wales",
    "northern ireland",
    "great britain",
    "britain",
    "south africa",
    "south korea",
    "north korea",
    "korea",
    "new zealand",
    "saudi arabia",
    "sri lanka",
    "costa rica",
    "el salvador",
    "czech republic",
    "dominican republic",
    "ivory coast",
    "united arab emirates",
    "uae",
    "papua new guinea",
    "sierra leone",
    "burkina faso",
    "east timor",
    "cape verde",
    "san marino",
    "vatican city",
    "hong kong",
    "faroe islands",
    "french guiana",
    "martinique",
    "guadeloupe",
    "southern tunisia",
];

/// A place that is only a country or a US state (no Safe Harbor identifier).
pub fn is_country_or_state(text: &str) -> bool {
    let lower = text
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .trim_end_matches('.')
        .to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    US_STATES.contains(&lower.as_str())
        || COUNTRIES.contains(&lower.as_str())
        || COUNTRIES.contains(&lower.trim_end_matches('.'))
}

/// Continents and world regions, with or without a compass word ("Western Europe",
/// "South Asia", "the Balkans"): larger than any state.
const REGIONS: &[&str] = &[
    "africa",
    "america",
    "americas",
    "antarctica",
    "arctic",
    "asia",
    "australasia",
    "balkans",
    "baltics",
    "caribbean",
    "caucasus",
    "central america",
    "europe",
    "eurasia",
    "latin america",
    "mediterranean",
    "middle east",
    "near east",
    "far east",
    "oceania",
    "pacific",
    "sahara",
    "sahel",
    "scandinavia",
    "south america",
    "north america",
    "sub-saharan africa",
    "indian subcontinent",
];

const COMPASS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];

/// A place that is only a continent or a world region ("Western Europe", "South
/// Asia", "the Balkans"), or a list of them and of countries ("Western Europe,
/// Canada and the Balkans").
pub fn is_larger_region(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let parts: Vec<&str> = lower
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("and ").trim())
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty()
        && parts
            .iter()
            .all(|part| is_one_region(part) || is_country_or_state(part))
}

fn is_one_region(part: &str) -> bool {
    let part = part.strip_prefix("the ").unwrap_or(part);
    let part = part.split_whitespace().collect::<Vec<_>>().join(" ");
    if REGIONS.contains(&part.as_str()) {
        return true;
    }
    match part.split_once(' ') {
        // "Northern Italy" is larger than a state; "Northern Ohio" is not.
        Some((compass, rest)) => {
            COMPASS.contains(&compass) && (REGIONS.contains(&rest) || COUNTRIES.contains(&rest))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_states_and_their_abbreviations() {
        for place in ["France", "the Kyrgyzstan", "U.S.", "U.K.", "Ohio", "USA"] {
            assert!(is_country_or_state(place), "{place}");
        }
        for place in ["Springfield", "Main Street", "Lyon"] {
            assert!(!is_country_or_state(place), "{place}");
        }
    }

    #[test]
    fn regions_larger_than_a_state() {
        for place in [
            "Western Europe",
            "south Asia",
            "the Balkans",
            "Western Europe, Canada and the Balkans",
            "Northern Italy",
        ] {
            assert!(is_larger_region(place), "{place}");
        }
        for place in [
            "Northern Ohio",
            "North Shields",
            "East Kilbride",
            "West Ham",
            "Asia Street",
            "Paris and Lyon",
        ] {
            assert!(!is_larger_region(place), "{place}");
        }
    }
}
