//! Reads an XMP packet and names the identifying properties in it.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::report::{BlockKind, FindingKind, MetadataReport};

/// Records an XMP packet found at `location` and what it says.
pub(crate) fn describe(packet: &[u8], location: &str, report: &mut MetadataReport) {
    report.block(BlockKind::Xmp, location, packet.len(), false);
    let mut found = 0;
    for (name, value) in properties(packet) {
        if name == "tiff:Orientation" {
            if let Ok(o @ 1..=8) = value.trim().parse::<u16>() {
                report.xmp_orientation = report.xmp_orientation.or(Some(o));
            }
            continue;
        }
        if let Some((kind, label)) = classify(local(&name)) {
            let value: String = value
                .chars()
                .filter(|c| !c.is_control())
                .take(120)
                .collect();
            if !value.trim().is_empty() {
                report.finding(kind, format!("XMP {label}: {}", value.trim()));
                found += 1;
            }
        }
    }
    if found == 0 {
        report.finding(
            FindingKind::Other,
            format!("{location}: XMP packet ({} bytes)", packet.len()),
        );
    }
}

/// (qualified property name, text value) pairs, from attributes and element
/// text. Names keep their prefix (`tiff:Orientation`): XMP writers use the
/// conventional prefixes, and the report only needs the local part.
/// Stops quietly at the first XML error: the packet is removed regardless.
fn properties(packet: &[u8]) -> Vec<(String, String)> {
    let mut reader = Reader::from_reader(packet);
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                push_attributes(&e, &mut out);
                stack.push(name);
            }
            Ok(Event::Empty(e)) => push_attributes(&e, &mut out),
            Ok(Event::End(_)) => {
                stack.pop();
            }
            Ok(Event::Text(t)) => {
                let text = t.unescape().map(|c| c.into_owned()).unwrap_or_default();
                // Values inside rdf:Seq/Alt/Bag sit in rdf:li under the property.
                let property = stack
                    .iter()
                    .rev()
                    .find(|n| !matches!(local(n), "li" | "Seq" | "Alt" | "Bag"));
                if let Some(name) = property {
                    if !text.trim().is_empty() {
                        out.push((name.clone(), text));
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// The name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn push_attributes(e: &quick_xml::events::BytesStart<'_>, out: &mut Vec<(String, String)>) {
    for attr in e.attributes().flatten() {
        let name = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr
            .unescape_value()
            .map(|v| v.into_owned())
            .unwrap_or_default();
        out.push((name, value));
    }
}

fn classify(name: &str) -> Option<(FindingKind, &'static str)> {
    let entry = match name {
        "GPSLatitude" => (FindingKind::GpsPosition, "GPS latitude"),
        "GPSLongitude" => (FindingKind::GpsPosition, "GPS longitude"),
        "Location" | "City" | "State" | "Country" | "Sublocation" => {
            (FindingKind::GpsPosition, "place")
        }
        "DateTimeOriginal" | "DateCreated" | "CreateDate" => (FindingKind::DateTime, "created"),
        "ModifyDate" | "MetadataDate" | "DateTimeDigitized" => (FindingKind::DateTime, "modified"),
        "Make" => (FindingKind::Device, "make"),
        "Model" | "Lens" | "LensModel" => (FindingKind::Device, "model"),
        "SerialNumber" | "BodySerialNumber" | "LensSerialNumber" | "ImageUniqueID" => {
            (FindingKind::SerialNumber, "serial")
        }
        "creator" | "Artist" | "Owner" | "OwnerName" | "CameraOwnerName" | "CaptionWriter"
        | "AuthorsPosition" | "Credit" | "rights" | "Copyright" | "contributor" => {
            (FindingKind::Person, "name")
        }
        "CreatorTool" | "Software" => (FindingKind::Software, "software"),
        "description" | "title" | "subject" | "UserComment" | "Headline" | "Keywords"
        | "PersonInImage" | "Instructions" => (FindingKind::Comment, "text"),
        _ => return None,
    };
    Some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ImageFormat;

    #[test]
    fn finds_attribute_and_element_properties() {
        let packet = br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="51,30.4N">
<dc:creator><rdf:Seq><rdf:li>Jane Nurse</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let mut report = MetadataReport::new(ImageFormat::Png);
        describe(packet, "iTXt XML:com.adobe.xmp", &mut report);
        let texts: Vec<&str> = report.findings.iter().map(|f| f.detail.as_str()).collect();
        assert!(texts.contains(&"XMP GPS latitude: 51,30.4N"), "{texts:?}");
        assert!(texts.contains(&"XMP name: Jane Nurse"), "{texts:?}");
    }

    #[test]
    fn reads_tiff_orientation_as_attribute_or_element() {
        for packet in [
            &br#"<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/>"#[..],
            br#"<rdf:Description><tiff:Orientation>6</tiff:Orientation></rdf:Description>"#,
        ] {
            let mut report = MetadataReport::new(ImageFormat::Jpeg);
            describe(packet, "APP1 XMP", &mut report);
            assert_eq!(report.xmp_orientation, Some(6));
            assert_eq!(report.orientation, None, "EXIF's field is left alone");
        }
        let mut report = MetadataReport::new(ImageFormat::Jpeg);
        describe(
            br#"<x tiff:Orientation="9" exif:Orientation="6"/>"#,
            "APP1 XMP",
            &mut report,
        );
        assert_eq!(report.xmp_orientation, None, "out of range or not tiff:");
    }

    #[test]
    fn broken_xml_still_reports_the_block() {
        let mut report = MetadataReport::new(ImageFormat::Png);
        describe(b"<x:xmpmeta <<<", "XMP", &mut report);
        assert_eq!(report.blocks.len(), 1);
        assert_eq!(report.findings.len(), 1);
    }
}
