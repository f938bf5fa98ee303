//! Boxes on a page: words as the text layer or OCR gives them.

/// One word (or run of characters) with its box, in points (PDF) or pixels (scans),
/// y growing downwards.
#[derive(Debug, Clone)]
pub struct Word {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge (`x1 >= x0`).
    pub x1: f32,
    /// Bottom edge (`y1 >= y0`).
    pub y1: f32,
    /// The characters, as the text layer or OCR gives them.
    pub text: String,
    /// Set in a colour, not black: a second colour or reversed out of a tint,
    /// as column logos are (known for PDF text layers; false for OCR).
    pub coloured: bool,
}

impl Word {
    /// Height of the box, in the page's units.
    pub fn h(&self) -> f32 {
        self.y1 - self.y0
    }
    /// Width of the box, in the page's units.
    pub fn w(&self) -> f32 {
        self.x1 - self.x0
    }
}

/// The words of one page.
#[derive(Debug, Clone, Default)]
pub struct PageWords {
    /// Page width, in the words' units (points for PDF, pixels for scans).
    pub width: f32,
    /// Page height, in the same units.
    pub height: f32,
    /// The words (trimmed, never empty), in the order the text layer or OCR gives them.
    pub words: Vec<Word>,
    /// The boxes are the type's body (a PDF's text layer), not the ink (OCR):
    /// two lines set solid touch, and a gap between boxes is space put there.
    pub type_boxes: bool,
}

/// Width of a string in cells: half-width characters count half.
pub fn cells(s: &str) -> f32 {
    s.chars().map(benbao::reflow::cell_width).sum()
}

/// The median of `v` (the upper one of an even count), sorting `v` in place;
/// None when `v` is empty.
pub fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    Some(v[v.len() / 2])
}

/// Disjoint sets over `0..n` (union-find with path halving): the groups that
/// touching things make on a page — ink runs, the parts of one glyph, the
/// lines of one heading. Of two sets joined, the smaller root stays the root.
#[derive(Debug, Clone, Default)]
pub struct Sets {
    // u32: an image may hold millions of ink runs
    parent: Vec<u32>,
}

impl Sets {
    /// `n` sets of one element each.
    pub fn new(n: usize) -> Sets {
        Sets { parent: (0..n as u32).collect() }
    }

    /// Adds a set of one new element; returns the element.
    pub fn add(&mut self) -> usize {
        self.parent.push(self.parent.len() as u32);
        self.parent.len() - 1
    }

    /// How many elements there are.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The root of the set holding `i`.
    pub fn find(&mut self, i: usize) -> usize {
        let p = &mut self.parent;
        let mut i = i as u32;
        while p[i as usize] != i {
            let gp = p[p[i as usize] as usize];
            p[i as usize] = gp;
            i = gp;
        }
        i as usize
    }

    /// Joins the sets holding `a` and `b`; returns the root of the whole.
    pub fn union(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.find(a), self.find(b));
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        self.parent[hi] = lo as u32;
        lo
    }
}
