"""The content pack: versioned YAML under content/ and the loader that applies it."""
