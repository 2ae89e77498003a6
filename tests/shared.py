"""Where the tests find ../shared (gold data, sample articles): one definition for every test.

``$STORYLINE_SHARED`` when set, else the ``shared/`` folder beside the repository, as CI lays it
out. Tests that need it skip with a message when it is absent (a user's fresh clone).
"""

from bench.common import shared_dir

SHARED = shared_dir()
