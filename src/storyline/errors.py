"""storyline's exceptions, in one hierarchy.

    StorylineError
    ├── ConfigError      bad settings or names, raised at start-up with the valid choices
    ├── InputError       one input cannot become an article (reported, batch goes on)
    │   └── FetchError   a URL could not be fetched (offline, timeout, HTTP error)
    ├── StoreError       the store cannot be opened or migrated
    └── NotFound         an id that is not in the store

Library functions return ``[]`` for "nothing found"; these are for what went wrong.
"""


class StorylineError(Exception):
    """Base of every storyline error."""


class ConfigError(StorylineError):
    """Invalid configuration; the message lists the valid choices."""


class InputError(StorylineError):
    """An input that cannot be ingested; the message says why in one line."""


class FetchError(InputError):
    """A URL that could not be fetched."""


class StoreError(StorylineError):
    """The store could not be opened, migrated or written."""


class NotFound(StorylineError):
    """An article, story or entity id that is not in the store."""
