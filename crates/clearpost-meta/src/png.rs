//! PNG (and APNG): chunk surgery with img-parts.

use img_parts::png::{Png, PngChunk};
use img_parts::Bytes;

use crate::report::{BlockKind, FindingKind, MetadataReport};
use crate::{exif, xmp, ImageFormat, MetaError};

const FORMAT: &str = "PNG";

/// Chunks needed to draw the picture (colour, transparency, animation, HDR).
const DRAWING_CHUNKS: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi",
];

fn parse(bytes: &[u8]) -> Result<Png, MetaError> {
    let png = Png::from_bytes(Bytes::copy_from_slice(bytes))
        .map_err(|e| MetaError::malformed(FORMAT, e.to_string()))?;
    let kinds: Vec<[u8; 4]> = png.chunks().iter().map(|c| c.kind()).collect();
    if kinds.first() != Some(b"IHDR") || !kinds.contains(b"IDAT") {
        return Err(MetaError::malformed(
            FORMAT,
            "no image data (missing IHDR or IDAT chunk)",
        ));
    }
    if let Some(kind) = kinds
        .iter()
        .find(|k| k[0].is_ascii_uppercase() && !DRAWING_CHUNKS.contains(k))
    {
        return Err(MetaError::unsupported(
            FORMAT,
            format!("unknown critical chunk '{}'", String::from_utf8_lossy(kind)),
        ));
    }
    Ok(png)
}

/// Lists every ancillary chunk and what it says.
pub(crate) fn inspect(bytes: &[u8]) -> Result<MetadataReport, MetaError> {
    let png = parse(bytes)?;
    let mut report = MetadataReport::new(ImageFormat::Png);
    for chunk in png.chunks() {
        let kind = chunk.kind();
        let name = String::from_utf8_lossy(&kind).into_owned();
        let data: &[u8] = chunk.contents();
        let size = data.len() + 12;
        match &kind {
            b"iCCP" => report.block(BlockKind::IccProfile, "iCCP ICC profile", size, true),
            k if DRAWING_CHUNKS.contains(&k) => {}
            b"eXIf" => {
                let o = exif::describe(data, "eXIf chunk", &mut report);
                report.orientation = report.orientation.or(o);
            }
            b"tIME" => {
                report.block(BlockKind::Timestamp, "tIME chunk", size, false);
                if data.len() >= 7 {
                    let year = u16::from_be_bytes([data[0], data[1]]);
                    report.finding(
                        FindingKind::DateTime,
                        format!(
                            "last modified {year:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                            data[2], data[3], data[4], data[5], data[6]
                        ),
                    );
                }
            }
            b"tEXt" | b"zTXt" | b"iTXt" => describe_text(&kind, data, size, &mut report),
            _ => {
                report.block(BlockKind::Vendor, format!("{name} chunk"), size, false);
                report.finding(FindingKind::Other, format!("private chunk '{name}'"));
            }
        }
    }
    Ok(report)
}

fn describe_text(kind: &[u8; 4], data: &[u8], size: usize, report: &mut MetadataReport) {
    let name = String::from_utf8_lossy(kind).into_owned();
    let nul = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let keyword = String::from_utf8_lossy(&data[..nul]).into_owned();
    let rest = data.get(nul + 1..).unwrap_or(&[]);
    let text: Option<&[u8]> = match kind {
        b"tEXt" => Some(rest),
        // iTXt: compression flag, method, language\0, translated keyword\0, text.
        b"iTXt" if rest.first() == Some(&0) => {
            let after = rest.get(2..).unwrap_or(&[]);
            let mut parts = after.splitn(3, |&b| b == 0);
            parts.next();
            parts.next();
            parts.next()
        }
        _ => None,
    };
    let location = format!("{name} chunk '{keyword}'");
    if keyword == "XML:com.adobe.xmp" {
        if let Some(packet) = text {
            xmp::describe(packet, &location, report);
            return;
        }
    }
    if keyword.starts_with("Raw profile type") {
        report.block(BlockKind::Exif, location.clone(), size, false);
        report.finding(
            FindingKind::Other,
            format!("{location}: embedded {} metadata profile", &keyword[17..]),
        );
        return;
    }
    report.block(BlockKind::Text, location, size, false);
    let value = text
        .map(|t| {
            String::from_utf8_lossy(t)
                .chars()
                .filter(|c| !c.is_control())
                .take(120)
                .collect::<String>()
        })
        .unwrap_or_else(|| "(compressed)".to_string());
    let finding = match keyword.as_str() {
        "Author" | "Copyright" | "Disclaimer" => FindingKind::Person,
        "Creation Time" | "date:create" | "date:modify" | "date:timestamp" => FindingKind::DateTime,
        "Software" => FindingKind::Software,
        "Source" => FindingKind::Device,
        _ => FindingKind::Comment,
    };
    report.finding(finding, format!("{keyword}: {}", value.trim()));
}

/// Keeps only the chunks needed to draw the picture; pixel data is untouched.
pub(crate) fn strip(bytes: &[u8]) -> Result<Vec<u8>, MetaError> {
    let mut png = parse(bytes)?;
    png.chunks_mut()
        .retain(|c: &PngChunk| DRAWING_CHUNKS.contains(&&c.kind()));
    let mut out = Vec::with_capacity(bytes.len());
    png.encoder()
        .write_to(&mut out)
        .map_err(|e| MetaError::malformed(FORMAT, e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A 5×3 RGBA PNG with `extra` chunks inserted after IHDR.
    pub(crate) fn sample_png(extra: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(5, 3, |x, y| {
            image::Rgba([x as u8 * 50, y as u8 * 80, 7, 200])
        });
        let mut plain = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut plain),
            image::ImageFormat::Png,
        )
        .unwrap();
        let mut png = Png::from_bytes(Bytes::from(plain)).unwrap();
        for (kind, data) in extra {
            let chunk = PngChunk::new(**kind, Bytes::copy_from_slice(data));
            png.chunks_mut().insert(1, chunk);
        }
        let mut out = Vec::new();
        png.encoder().write_to(&mut out).unwrap();
        out
    }

    #[test]
    fn removes_text_time_exif_keeps_pixels() {
        let exif = crate::exif::tests::sample_exif(1);
        let input = sample_png(&[
            (b"tEXt", b"Author\0Dr Jane Roe"),
            (b"tIME", &[0x07, 0xE8, 3, 4, 5, 6, 7]),
            (b"eXIf", &exif),
            (b"prVt", b"secret"),
        ]);
        let before = inspect(&input).unwrap();
        assert!(before
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::Person && f.detail.contains("Jane Roe")));
        assert!(before
            .findings
            .iter()
            .any(|f| f.detail.contains("2024-03-04")));
        assert_eq!(before.removable_blocks().count(), 4);
        let out = strip(&input).unwrap();
        assert!(inspect(&out).unwrap().is_clean());
        let a = image::load_from_memory(&input).unwrap().to_rgba8();
        let b = image::load_from_memory(&out).unwrap().to_rgba8();
        assert_eq!(a, b);
    }

    #[test]
    fn refuses_png_without_pixels() {
        let sig = b"\x89PNG\r\n\x1a\n";
        let err = inspect(sig).unwrap_err().to_string();
        assert!(err.contains("no image data"), "{err}");
    }
}
