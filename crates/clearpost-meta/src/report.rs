//! What a photo carries, in a form both people (the CLI table, the app) and
//! programs (JSON) can read.

use serde::Serialize;

use crate::ImageFormat;

/// Everything `inspect` found in one photo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetadataReport {
    /// The container format, from the magic bytes.
    pub format: ImageFormat,
    /// Every metadata block found, kept or not.
    pub blocks: Vec<Block>,
    /// What the blocks say that could identify someone, in plain words.
    pub findings: Vec<Finding>,
    /// The orientation (1–8) the photo is drawn with: EXIF's, or for JPEG,
    /// PNG and WebP without a valid EXIF one, XMP `tiff:Orientation`'s.
    pub orientation: Option<u16>,
    /// The XMP `tiff:Orientation` (1–8), when an XMP packet declares one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xmp_orientation: Option<u16>,
}

impl MetadataReport {
    pub(crate) fn new(format: ImageFormat) -> Self {
        MetadataReport {
            format,
            blocks: Vec::new(),
            findings: Vec::new(),
            orientation: None,
            xmp_orientation: None,
        }
    }

    /// Settles which orientation the picture is drawn with when EXIF and XMP
    /// both may declare one, the way common viewers do: a valid EXIF
    /// Orientation wins (browsers read nothing else; exiv2/gexiv2-based
    /// viewers such as GIMP, Shotwell and gThumb read EXIF first), and XMP
    /// `tiff:Orientation` is the fallback when EXIF has none (those same
    /// viewers, and Adobe's, then use XMP). A disagreement is reported.
    pub(crate) fn settle_orientation_with_xmp(&mut self) {
        let Some(xmp) = self.xmp_orientation else {
            return;
        };
        match self.orientation {
            None => {
                self.orientation = Some(xmp);
                if xmp != 1 {
                    self.finding(
                        FindingKind::Other,
                        format!(
                            "orientation {xmp} declared only in XMP tiff:Orientation (applied)"
                        ),
                    );
                }
            }
            Some(exif) if exif != xmp => self.finding(
                FindingKind::Other,
                format!(
                    "EXIF orientation {exif} and XMP tiff:Orientation {xmp} disagree; \
                     EXIF applied, as viewers do"
                ),
            ),
            Some(_) => {}
        }
    }

    /// The blocks `strip` removes: everything not needed to draw the picture.
    pub fn removable_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| !b.kept)
    }

    /// True when nothing beyond what is needed to draw the picture is present.
    pub fn is_clean(&self) -> bool {
        self.removable_blocks().next().is_none()
    }

    /// Total bytes of the removable blocks.
    pub fn removable_bytes(&self) -> usize {
        self.removable_blocks().map(|b| b.size).sum()
    }

    pub(crate) fn block(
        &mut self,
        kind: BlockKind,
        location: impl Into<String>,
        size: usize,
        kept: bool,
    ) {
        self.blocks.push(Block {
            kind,
            location: location.into(),
            size,
            kept,
        });
    }

    pub(crate) fn finding(&mut self, kind: FindingKind, detail: impl Into<String>) {
        let detail = detail.into();
        let duplicate = self
            .findings
            .iter()
            .any(|f| f.kind == kind && f.detail == detail);
        if !duplicate {
            self.findings.push(Finding { kind, detail });
        }
    }
}

/// One metadata block in the file (a JPEG segment, PNG chunk, HEIF item...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// What sort of block it is.
    pub kind: BlockKind,
    /// Where it is, in the format's own words (e.g. "APP1 Exif", "tEXt chunk 'Author'").
    pub location: String,
    /// Its size in bytes, headers included where the format has them.
    pub size: usize,
    /// True for the few blocks kept because drawing the picture needs them (ICC
    /// profile, JFIF header without thumbnail, Adobe colour transform, TIFF
    /// structure); false for everything `strip` removes.
    pub kept: bool,
}

/// The sort of a metadata block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// EXIF: IFD0 (camera, times), Exif IFD, GPS IFD, Interop, MakerNote, IFD1 thumbnail.
    Exif,
    /// An XMP packet (including extended XMP parts).
    Xmp,
    /// IPTC / Photoshop image resources (JPEG APP13, TIFF tags).
    Iptc,
    /// An ICC colour profile (kept: removing it shifts colours).
    IccProfile,
    /// A free-text comment (JPEG COM, GIF comment extension).
    Comment,
    /// An embedded preview or thumbnail image.
    Thumbnail,
    /// Another full image in the same file (MPO second picture, HEIF auxiliary,
    /// depth or gain-map image, burst frames, TIFF extra pages).
    ExtraImage,
    /// A text chunk (PNG tEXt/zTXt/iTXt).
    Text,
    /// A stored timestamp (PNG tIME).
    Timestamp,
    /// An application or vendor block Clearpost does not interpret.
    Vendor,
    /// Bytes after the end of the image.
    TrailingData,
    /// A container header needed to draw the picture (JFIF, Adobe APP14, TIFF structure).
    Structure,
}

/// Something in the metadata that may identify a person, place or device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The family of identifying information.
    pub kind: FindingKind,
    /// What it says, in plain words (e.g. "GPS position 51.50722° N, 0.12750° W").
    pub detail: String,
}

/// Families of identifying information found in photo metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Where the photo was taken.
    GpsPosition,
    /// When the photo was taken, digitised or edited.
    DateTime,
    /// The camera or phone make and model, lens.
    Device,
    /// Serial numbers and unique ids of the device, lens or image.
    SerialNumber,
    /// Owner, artist, author, copyright holder and other names.
    Person,
    /// The software that wrote the file.
    Software,
    /// An embedded thumbnail or preview that may show what an edit removed.
    Thumbnail,
    /// Free-text comments, descriptions, titles, keywords.
    Comment,
    /// Maker notes: vendor data that may hold anything (serials, face-recognition names).
    MakerNote,
    /// Other metadata worth a look (unknown blocks, document ids).
    Other,
}

impl FindingKind {
    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::GpsPosition => "GPS position",
            FindingKind::DateTime => "date/time",
            FindingKind::Device => "device",
            FindingKind::SerialNumber => "serial number",
            FindingKind::Person => "person",
            FindingKind::Software => "software",
            FindingKind::Thumbnail => "thumbnail",
            FindingKind::Comment => "comment",
            FindingKind::MakerNote => "maker note",
            FindingKind::Other => "other",
        }
    }
}
