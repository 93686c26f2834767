//! Reads an EXIF payload (TIFF-structured: IFD0, Exif, GPS, Interop, IFD1) with
//! kamadak-exif and says in plain words what in it identifies someone.

use exif::{Context, Exif, Field, In, Tag, Value};

use crate::report::{BlockKind, FindingKind, MetadataReport};

/// Describes the EXIF payload `tiff` (starting at its `II*\0` / `MM\0*` header)
/// found at `location`: records the block, its sub-blocks and its findings.
/// Returns the orientation it declares, if any.
pub(crate) fn describe(tiff: &[u8], location: &str, report: &mut MetadataReport) -> Option<u16> {
    report.block(BlockKind::Exif, location, tiff.len(), false);
    let exif = match parse(tiff) {
        Some(exif) => exif,
        None => {
            report.finding(
                FindingKind::Other,
                format!("{location}: EXIF data that could not be read (removed unread)"),
            );
            return None;
        }
    };
    describe_fields(&exif, location, report);
    orientation_of(&exif)
}

/// Parses leniently: a partly broken EXIF block still tells what it can.
pub(crate) fn parse(tiff: &[u8]) -> Option<Exif> {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    match reader.read_raw(tiff.to_vec()) {
        Ok(exif) => Some(exif),
        Err(err) => err.distill_partial_result(|_| {}).ok(),
    }
}

/// The orientation tag of the primary image, when it is a valid 1–8.
pub(crate) fn orientation_of(exif: &Exif) -> Option<u16> {
    let field = exif.get_field(Tag::Orientation, In::PRIMARY)?;
    let value = field.value.get_uint(0)?;
    (1..=8).contains(&value).then_some(value as u16)
}

/// Turns the identifying fields into findings and names the sub-IFDs present.
pub(crate) fn describe_fields(exif: &Exif, location: &str, report: &mut MetadataReport) {
    let mut has_gps = false;
    let mut has_interop = false;
    let mut has_exif_ifd = false;
    for field in exif.fields() {
        match field.tag.context() {
            Context::Gps => has_gps = true,
            Context::Interop => has_interop = true,
            Context::Exif => has_exif_ifd = true,
            _ => {}
        }
        if field.ifd_num == In::THUMBNAIL {
            continue;
        }
        if let Some((kind, label)) = classify(field.tag) {
            if let Some(text) = text_of(field) {
                report.finding(kind, format!("{label}: {text}"));
            }
        }
        if field.tag == Tag::MakerNote {
            let size = match &field.value {
                Value::Undefined(bytes, _) => bytes.len(),
                _ => 0,
            };
            report.finding(
                FindingKind::MakerNote,
                format!("maker note ({size} bytes of vendor data: may hold serials or names)"),
            );
        }
    }
    if let Some(position) = gps_position(exif) {
        report.finding(FindingKind::GpsPosition, position);
    } else if has_gps {
        report.finding(
            FindingKind::GpsPosition,
            "GPS block present (no usable coordinates)",
        );
    }
    if let Some(size) = thumbnail_size(exif) {
        report.finding(
            FindingKind::Thumbnail,
            format!("{location}: embedded thumbnail of {size} bytes (IFD1)"),
        );
    } else if exif.fields().any(|f| f.ifd_num == In::THUMBNAIL) {
        report.finding(
            FindingKind::Thumbnail,
            format!("{location}: second image directory (IFD1, thumbnail)"),
        );
    }
    let mut parts = vec!["IFD0"];
    if has_exif_ifd {
        parts.push("Exif");
    }
    if has_gps {
        parts.push("GPS");
    }
    if has_interop {
        parts.push("Interop");
    }
    if exif.get_field(Tag::MakerNote, In::PRIMARY).is_some() {
        parts.push("MakerNote");
    }
    if exif.fields().any(|f| f.ifd_num == In::THUMBNAIL) {
        parts.push("IFD1");
    }
    if let Some(block) = report.blocks.last_mut() {
        if block.kind == BlockKind::Exif && block.location == location {
            block.location = format!("{location} ({})", parts.join(", "));
        }
    }
}

/// Which finding family a tag belongs to, and its plain label.
fn classify(tag: Tag) -> Option<(FindingKind, &'static str)> {
    let entry = match tag {
        Tag::DateTimeOriginal => (FindingKind::DateTime, "taken"),
        Tag::DateTimeDigitized => (FindingKind::DateTime, "digitised"),
        Tag::DateTime => (FindingKind::DateTime, "modified"),
        Tag::GPSDateStamp => (FindingKind::DateTime, "GPS date"),
        Tag::Make => (FindingKind::Device, "make"),
        Tag::Model => (FindingKind::Device, "model"),
        Tag::LensMake => (FindingKind::Device, "lens make"),
        Tag::LensModel => (FindingKind::Device, "lens model"),
        Tag::BodySerialNumber => (FindingKind::SerialNumber, "body serial"),
        Tag::LensSerialNumber => (FindingKind::SerialNumber, "lens serial"),
        Tag::ImageUniqueID => (FindingKind::SerialNumber, "image unique id"),
        Tag::CameraOwnerName => (FindingKind::Person, "camera owner"),
        Tag::Artist => (FindingKind::Person, "artist"),
        Tag::Copyright => (FindingKind::Person, "copyright"),
        Tag::Software => (FindingKind::Software, "software"),
        Tag::ImageDescription => (FindingKind::Comment, "description"),
        Tag::UserComment => (FindingKind::Comment, "user comment"),
        _ => return None,
    };
    Some(entry)
}

/// The printable text of a field, or None when it is empty.
fn text_of(field: &Field) -> Option<String> {
    let text = match &field.value {
        Value::Ascii(lines) => lines
            .iter()
            .map(|l| String::from_utf8_lossy(l).trim().to_string())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" / "),
        Value::Undefined(bytes, _) if field.tag == Tag::UserComment => {
            // 8-byte character-code prefix, then the text.
            let body = bytes.get(8..).unwrap_or(&[]);
            String::from_utf8_lossy(body)
                .trim_matches(|c: char| c == '\0' || c.is_whitespace())
                .to_string()
        }
        _ => field.display_value().to_string(),
    };
    let text: String = text.chars().filter(|c| !c.is_control()).take(120).collect();
    (!text.trim().is_empty()).then_some(text)
}

/// "GPS position 51.50722° N, 0.12750° W" from the GPS IFD, if complete.
fn gps_position(exif: &Exif) -> Option<String> {
    let lat = degrees(exif.get_field(Tag::GPSLatitude, In::PRIMARY)?)?;
    let lon = degrees(exif.get_field(Tag::GPSLongitude, In::PRIMARY)?)?;
    let hemisphere = |tag: Tag, default: &'static str| -> String {
        exif.get_field(tag, In::PRIMARY)
            .and_then(text_of)
            .unwrap_or_else(|| default.to_string())
    };
    let lat_ref = hemisphere(Tag::GPSLatitudeRef, "N");
    let lon_ref = hemisphere(Tag::GPSLongitudeRef, "E");
    Some(format!(
        "GPS position {lat:.5}° {lat_ref}, {lon:.5}° {lon_ref}"
    ))
}

fn degrees(field: &Field) -> Option<f64> {
    match &field.value {
        Value::Rational(parts) if !parts.is_empty() => {
            let value = |i: usize| {
                parts
                    .get(i)
                    .filter(|r| r.denom != 0)
                    .map(|r| r.to_f64())
                    .unwrap_or(0.0)
            };
            let deg = value(0) + value(1) / 60.0 + value(2) / 3600.0;
            deg.is_finite().then_some(deg)
        }
        _ => None,
    }
}

/// The size of the IFD1 JPEG thumbnail, if one is declared.
fn thumbnail_size(exif: &Exif) -> Option<u32> {
    exif.get_field(Tag::JPEGInterchangeFormatLength, In::THUMBNAIL)?
        .value
        .get_uint(0)
        .filter(|&n| n > 0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ImageFormat;

    /// A little-endian EXIF payload with IFD0 {Make, Orientation, GPS pointer}
    /// and a GPS IFD {LatRef, Lat, LonRef, Lon}. Used by other modules' tests.
    pub(crate) fn sample_exif(orientation: u16) -> Vec<u8> {
        let mut t = Vec::new();
        t.extend_from_slice(b"II*\0");
        t.extend_from_slice(&8u32.to_le_bytes());
        // IFD0 at 8: 3 entries -> 2 + 36 + 4 = 42 bytes, ends at 50.
        let make_off = 50u32; // "Acme\0" (5 bytes) at 50..55, pad to 56
        let gps_ifd = 56u32;
        t.extend_from_slice(&3u16.to_le_bytes());
        entry(&mut t, 0x010f, 2, 5, make_off);
        entry(&mut t, 0x0112, 3, 1, orientation as u32);
        entry(&mut t, 0x8825, 4, 1, gps_ifd);
        t.extend_from_slice(&0u32.to_le_bytes());
        t.extend_from_slice(b"Acme\0\0");
        // GPS IFD at 56: 4 entries -> 2 + 48 + 4 = 54 bytes, data at 110.
        let lat_off = 110u32;
        let lon_off = lat_off + 24;
        t.extend_from_slice(&4u16.to_le_bytes());
        entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
        entry(&mut t, 0x0002, 5, 3, lat_off);
        entry(&mut t, 0x0003, 2, 2, u32::from_le_bytes(*b"W\0\0\0"));
        entry(&mut t, 0x0004, 5, 3, lon_off);
        t.extend_from_slice(&0u32.to_le_bytes());
        for (num, den) in [(51u32, 1u32), (30, 1), (26, 1), (0, 1), (7, 1), (39, 1)] {
            t.extend_from_slice(&num.to_le_bytes());
            t.extend_from_slice(&den.to_le_bytes());
        }
        t
    }

    fn entry(t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: u32) {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&typ.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        if typ == 3 && count == 1 {
            t.extend_from_slice(&(value as u16).to_le_bytes());
            t.extend_from_slice(&[0, 0]);
        } else {
            t.extend_from_slice(&value.to_le_bytes());
        }
    }

    #[test]
    fn names_gps_device_and_orientation() {
        let mut report = MetadataReport::new(ImageFormat::Jpeg);
        let orientation = describe(&sample_exif(6), "APP1 Exif", &mut report);
        assert_eq!(orientation, Some(6));
        let texts: Vec<&str> = report.findings.iter().map(|f| f.detail.as_str()).collect();
        assert!(texts.contains(&"make: Acme"), "{texts:?}");
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("GPS position 51.507") && t.ends_with("W")),
            "{texts:?}"
        );
        assert!(report.blocks[0].location.contains("GPS"));
        assert!(!report.blocks[0].kept);
    }

    #[test]
    fn garbage_is_reported_not_fatal() {
        let mut report = MetadataReport::new(ImageFormat::Jpeg);
        assert_eq!(
            describe(b"II*\0\xff\xff\xff\xff", "APP1 Exif", &mut report),
            None
        );
        assert_eq!(report.blocks.len(), 1);
    }
}
