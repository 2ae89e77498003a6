"""How far apart PolNeAR's own annotators are, with our scorer: a ceiling for content F1.

    .venv/bin/python -m bench.quotes.agreement            # annotators against each other (~2 s)
    .venv/bin/python -m bench.quotes.agreement --system   # and the extractor, each document scored by
                                                          # the cross-validation model of its fold (~2 min)

Sixteen PolNeAR train documents were annotated by five or six annotators each (``<id>_<annotator>.ann``);
the bench reads the first file of each document (``corpus.polnear``). Every ordered pair of
annotations of a document is scored as gold and prediction with ``score.score_doc``, so the
figure is the content F1 at 0.3 overlap a second annotator would reach. PolNeAR dev is never read.
"""

from __future__ import annotations

import argparse
import glob
import itertools

from bench.quotes import corpus, cv
from bench.quotes.fit_cues import evaluate
from bench.quotes.run import context
from bench.quotes.score import Tally, score_doc


def annotation_files(d: corpus.GoldDoc) -> list[str]:
    return sorted(glob.glob(str(corpus.POLNEAR / "train" / "attributions" / f"{d.id}_*.ann")))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--system", action="store_true")
    args = ap.parse_args(argv)
    docs = corpus.polnear("train")
    multi = [(k, d, annotation_files(d)) for k, d in enumerate(docs)]
    multi = [(k, d, anns) for k, d, anns in multi if len(anns) > 1]
    humans = Tally()
    for _, d, anns in multi:
        golds = [corpus._brat(a, d.text) for a in anns]
        for i, j in itertools.permutations(range(len(golds)), 2):
            humans.add(score_doc(d.text, golds[i], d.text, golds[j]))
    print(f"{len(multi)} documents, annotator against annotator: {humans.row()}")
    if not args.system:
        return
    models = cv.fold_models(docs)
    system = Tally()
    for k, d, anns in multi:
        for a in anns:
            one = corpus.GoldDoc(d.id, d.lang, d.text, d.published, corpus._brat(a, d.text), d.kinds)
            system.add(evaluate([context(d)], [one], models[cv.fold_of(k, len(models))]))
    print(f"extractor (cross-validation model) against each annotator: {system.row()}")


if __name__ == "__main__":
    main()
