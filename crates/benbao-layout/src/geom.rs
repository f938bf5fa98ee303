//! Boxes on a page: words as the text layer or OCR gives them.

/// One word (or run of characters) with its box, in points (PDF) or pixels (scans),
/// y growing downwards.
#[derive(Debug, Clone)]
pub struct Word {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

impl Word {
    pub fn h(&self) -> f32 {
        self.y1 - self.y0
    }
    pub fn w(&self) -> f32 {
        self.x1 - self.x0
    }
}

/// The words of one page.
#[derive(Debug, Clone, Default)]
pub struct PageWords {
    pub width: f32,
    pub height: f32,
    pub words: Vec<Word>,
}

/// Width of a string in cells: half-width characters count half.
pub fn cells(s: &str) -> f32 {
    s.chars().map(benbao::reflow::cell_width).sum()
}

pub fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    Some(v[v.len() / 2])
}
