#!/usr/bin/env python3
"""Check samples/posts.jsonl and samples/labels.jsonl independently of the generator.

Every line must be a well-formed post except exactly 12 deliberately malformed ones (each of a
different kind); labels must cover exactly the well-formed posts, in the same order.
Usage: python3 samples/check_stream.py   (exit status 1 on any problem)"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ['platform', 'id', 'url', 'author', 'text', 'created_at', 'lang', 'media', 'metrics',
        'in_reply_to', 'repost_of']
LANGS = {'en', 'ur', 'ur-Latn', 'mixed', None}
CATS = {'harassment', 'extortion', 'violence', 'unlawful_detention', 'other_misconduct'}
HOSTS = re.compile(r'https?://([\w.-]+)')
OK_HOST = re.compile(r'^(?:[\w-]+\.)*(?:example\.org|example\.com)$|^x\.com$')
TEXT_LIMIT = 10_000


def problem(o):
    """Why this parsed line is not a valid post, or None."""
    if not isinstance(o, dict):
        return 'not an object'
    if list(o) != KEYS:
        return 'keys ' + ','.join(o)
    if not isinstance(o['id'], str) or not o['id'].isdigit():
        return 'id'
    if not isinstance(o['text'], str) or not o['text'].strip():
        return 'text missing or empty'
    if len(o['text']) > TEXT_LIMIT:
        return 'text over %d characters' % TEXT_LIMIT
    if not isinstance(o['created_at'], str) or not re.fullmatch(
            r'2023-11-(0[1-9]|1\d|20)T\d\d:\d\d:\d\d\.000Z', o['created_at']):
        return 'created_at'
    if o['lang'] not in LANGS or o['platform'] != 'x':
        return 'lang/platform'
    if o['url'] != 'https://x.com/%s/status/%s' % (o['author'], o['id']):
        return 'url'
    if not isinstance(o['media'], list):
        return 'media not a list'
    for m in o['media']:
        if m.get('type') not in ('video', 'photo'):
            return 'media type'
        if m['type'] == 'video' and not isinstance(m.get('duration_ms'), int):
            return 'video duration'
        if not all(isinstance(m.get(k, 0), int) for k in ('duration_ms', 'view_count')):
            return 'media numbers'
    met = o['metrics']
    if not isinstance(met, dict) or sorted(met) != ['likes', 'reposts', 'views'] \
            or not all(type(v) is int and v >= 0 for v in met.values()):
        return 'metrics'
    for k in ('in_reply_to', 'repost_of'):
        if o[k] is not None and not (isinstance(o[k], str) and o[k].isdigit()):
            return k
    for h in HOSTS.findall(json.dumps(o, ensure_ascii=False)):
        if not OK_HOST.match(h):
            return 'host ' + h
    return None


def main():
    raw = open(os.path.join(HERE, 'posts.jsonl'), 'rb').read()
    errors = []
    if raw.startswith(b'\xef\xbb\xbf'):
        errors.append('BOM at the start of posts.jsonl')
    lines = raw.decode('utf-8').split('\n')
    if lines[-1] == '':
        lines.pop()
    posts, bad = [], []
    for n, line in enumerate(lines, 1):
        try:
            o = json.loads(line)
        except ValueError:
            bad.append((n, 'not JSON'))
            continue
        why = problem(o)
        if why:
            bad.append((n, why))
        else:
            posts.append(o)
    labels = [json.loads(l) for l in open(os.path.join(HERE, 'labels.jsonl'), encoding='utf-8')]
    ids = [p['id'] for p in posts]
    by_id = {p['id']: p for p in posts}
    if len(set(ids)) != len(ids):
        errors.append('duplicate ids')
    if len(bad) != 12:
        errors.append('%d malformed lines, expected 12' % len(bad))
    if [l['id'] for l in labels] != ids:
        errors.append('labels.jsonl does not list exactly the well-formed posts in order')
    for l in labels:
        if list(l) != ['id', 'label', 'category'] or l['label'] not in ('police_misconduct', 'not_relevant') \
                or (l['label'] == 'not_relevant') != (l['category'] == 'none') or l['category'] not in CATS | {'none'}:
            errors.append('bad label %s' % l)
    for p in posts:
        for k in ('in_reply_to', 'repost_of'):
            if p[k] is not None and p[k] not in by_id:
                errors.append('%s %s of %s not in the stream' % (k, p[k], p['id']))
        if p['repost_of'] and not p['text'].startswith('RT @%s: ' % by_id[p['repost_of']]['author']):
            errors.append('repost text of %s' % p['id'])
    label = {l['id']: l for l in labels}
    video = sum(any(m['type'] == 'video' for m in p['media']) for p in posts)
    print('lines %d: %d well-formed, %d malformed' % (len(lines), len(posts), len(bad)))
    for n, why in bad:
        print('  malformed line %d: %s' % (n, why))
    print('label', dict(Counter(l['label'] for l in labels)))
    print('category', dict(Counter(l['category'] for l in labels)))
    print('lang (platform guess)', dict(Counter(p['lang'] for p in posts)))
    print('with video %d (%.1f%%), reposts %d, replies %d, distinct texts %d' % (
        video, 100.0 * video / len(posts), sum(bool(p['repost_of']) for p in posts),
        sum(bool(p['in_reply_to']) for p in posts), len({p['text'] for p in posts if not p['repost_of']})))
    print('unique ids %s, created_at %s .. %s' % (len(set(ids)) == len(ids), min(p['created_at'] for p in posts),
                                                 max(p['created_at'] for p in posts)))
    for e in errors[:20]:
        print('ERROR', e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
