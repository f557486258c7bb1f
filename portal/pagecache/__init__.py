"""The anonymous page cache: whole responses for readers who are not signed in, kept in Django's
cache (Redis or files) and cleared whenever public content changes. See README.md here."""
