//! Extraction: who did what, where and when, from parsed articles.
//!
//! * [`gazetteer`] — Chinese administrative divisions (province → prefecture →
//!   county) with codes and short names, and place mentions in text.

pub mod gazetteer;
