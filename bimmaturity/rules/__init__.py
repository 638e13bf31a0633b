"""The scoring contract's rules, one module per rule group; pure functions, frames in and out."""
