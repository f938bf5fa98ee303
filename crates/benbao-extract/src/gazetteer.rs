//! Chinese administrative divisions (placeholder: being built).
