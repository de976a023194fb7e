#!/usr/bin/env python3
"""Validate the labelled corpus (*.jsonl in this folder), report its
distribution and list near-duplicate pairs (Jaccard >= 0.8 over word
3-shingles after lowercasing and stripping punctuation).
Usage: python3 check_corpus.py [threshold]"""
import json, glob, os, re, sys
from collections import Counter, defaultdict
from itertools import combinations

HERE = os.path.dirname(os.path.abspath(__file__))
THRESH = float(sys.argv[1]) if len(sys.argv) > 1 else 0.8
KEYS = ['id', 'text', 'label', 'category', 'lang', 'platform', 'has_video', 'station', 'split']
CATS = {'harassment', 'extortion', 'violence', 'unlawful_detention', 'other_misconduct'}

def shingles(text):
    words = re.findall(r'\w+', text.lower())
    words = [w.replace('_', '') for w in words if w.replace('_', '')]
    if len(words) < 3:
        return {tuple(words)}
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}

rows, bad = [], 0
for fn in sorted(glob.glob(os.path.join(HERE, '*.jsonl'))):
    # en.jsonl, en-2.jsonl, ur-Latn-2.jsonl: the language, then an optional batch number
    lang_file = re.sub(r'-\d+$', '', os.path.basename(fn)[:-6])
    for n, line in enumerate(open(fn, encoding='utf-8'), 1):
        try:
            o = json.loads(line)
            assert list(o) == KEYS, 'keys'
            assert o['lang'] == lang_file, 'lang'
            assert re.fullmatch(r'[A-Za-z]+(-Latn)?\d*-\d{4}', o['id']), 'id'
            assert o['label'] in ('police_misconduct', 'not_relevant'), 'label'
            assert (o['category'] == 'none') == (o['label'] == 'not_relevant'), 'category/label'
            assert o['category'] in CATS | {'none'}, 'category'
            assert o['platform'] in ('x', 'facebook', 'tiktok', 'youtube'), 'platform'
            assert isinstance(o['has_video'], bool), 'has_video'
            assert o['station'] is None or (isinstance(o['station'], str) and o['station']), 'station'
            assert o['split'] in ('train', 'dev'), 'split'
            rows.append(o)
        except Exception as e:
            bad += 1
            print(f'INVALID {fn}:{n}: {e}')

ids = Counter(o['id'] for o in rows)
for i, c in ids.items():
    if c > 1:
        bad += 1; print('DUPLICATE ID', i)
print(f'posts: {len(rows)}  invalid: {bad}')

def table(title, key):
    c = Counter(key(o) for o in rows)
    print(f'\n{title}')
    for k in sorted(c, key=str):
        print(f'  {str(k):45s} {c[k]:5d}  {100 * c[k] / len(rows):5.1f}%')

table('lang', lambda o: o['lang'])
table('label', lambda o: o['label'])
table('lang x label', lambda o: (o['lang'], o['label']))
table('category (positives)', lambda o: o['category'])
table('lang x category', lambda o: (o['lang'], o['category']))
table('platform', lambda o: o['platform'])
table('has_video', lambda o: o['has_video'])
table('station named', lambda o: (o['label'], o['station'] is not None))
table('split x label', lambda o: (o['split'], o['label']))
table('split x lang', lambda o: (o['split'], o['lang']))
lens = sorted(len(o['text']) for o in rows)
wc = sorted(len(o['text'].split()) for o in rows)
print(f'\nchars min/median/max: {lens[0]}/{lens[len(lens)//2]}/{lens[-1]}; words min: {wc[0]}')

# near duplicates: candidate pairs via shared shingles, then exact Jaccard
sh = [shingles(o['text']) for o in rows]
index = defaultdict(list)
for i, s in enumerate(sh):
    for g in s:
        index[g].append(i)
cand = set()
for g, lst in index.items():
    if len(lst) > 1:
        for a, b in combinations(lst, 2):
            cand.add((a, b))
pairs = []
for a, b in cand:
    j = len(sh[a] & sh[b]) / len(sh[a] | sh[b])
    if j >= THRESH:
        pairs.append((j, rows[a]['id'], rows[b]['id']))
maxj = max((len(sh[a] & sh[b]) / len(sh[a] | sh[b]) for a, b in cand), default=0)
print(f'\nnear-duplicate pairs (Jaccard >= {THRESH}): {len(pairs)}  (max Jaccard over all pairs: {maxj:.3f})')
for j, a, b in sorted(pairs, reverse=True):
    print(f'  {j:.3f} {a} {b}')
sys.exit(1 if bad or pairs else 0)
