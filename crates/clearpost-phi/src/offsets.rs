//! Byte offsets to UTF-16 offsets: the editor counts UTF-16 code units, Rust counts
//! bytes.

/// Converts byte offsets of one text into UTF-16 offsets, in ascending order in one
/// walk over the text.
pub struct Utf16Mapper<'a> {
    text: &'a str,
    byte_pos: usize,
    utf16_pos: usize,
}

impl<'a> Utf16Mapper<'a> {
    /// A mapper positioned at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Utf16Mapper {
            text,
            byte_pos: 0,
            utf16_pos: 0,
        }
    }

    /// The UTF-16 offset of byte offset `byte` (a char boundary). Calls with
    /// increasing offsets are linear overall; a smaller offset restarts the walk.
    pub fn utf16_at(&mut self, byte: usize) -> usize {
        if byte < self.byte_pos {
            self.byte_pos = 0;
            self.utf16_pos = 0;
        }
        let end = byte.min(self.text.len());
        let chunk = self.text.get(self.byte_pos..end).unwrap_or("");
        self.utf16_pos += chunk.encode_utf16().count();
        self.byte_pos = end;
        self.utf16_pos
    }
}

/// The UTF-16 offset of byte offset `byte` in `text`.
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    Utf16Mapper::new(text).utf16_at(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_count_two_utf16_units_and_accents_one() {
        let text = "😀 é John";
        // 😀 is 4 bytes / 2 UTF-16 units; é is 2 bytes / 1 unit.
        let john = text.find("John").unwrap();
        assert_eq!(john, 8);
        assert_eq!(utf16_offset(text, john), 5);
        let mut mapper = Utf16Mapper::new(text);
        assert_eq!(mapper.utf16_at(4), 2);
        assert_eq!(mapper.utf16_at(john), 5);
        assert_eq!(mapper.utf16_at(text.len()), 9);
        assert_eq!(mapper.utf16_at(0), 0);
    }
}
