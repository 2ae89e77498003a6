"""Ingestion: files, folders, stdin and URLs -> RawDocuments (or a reason why not).

    read.py     read_one / iter_inputs: the entry points, folder expansion, error policy
    sniff.py    which reader: extension first, content when the name says nothing
    text.py     bytes -> text (BOM, UTF-8, charset-normalizer), binary/empty/size checks
    html.py     pages via trafilatura (main text + metadata); HTML fragments -> text
    records.py  JSON and JSON Lines records
    feeds.py    RSS 2.0 / Atom via feedparser
    urls.py     http(s) via httpx (timeouts, redirects, size limit, transport seam)

See docs/ingest.md for the formats, fields and error messages.
"""
