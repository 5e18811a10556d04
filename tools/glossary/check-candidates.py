#!/usr/bin/env python3
"""Looks for each candidate glossary entry (candidates.tsv: acronym, vi, en, category) in the
vn-news corpus: a paragraph where the acronym appears near most syllables of the Vietnamese
expansion. Prints, per candidate, the best evidence (file id, share of the expansion's
syllables found within 40 words of the acronym, snippet) and the wordings written right
before "(ACR" in the corpus. Usage: check-candidates.py CORPUS_DIR > evidence.tsv"""
import os, re, sys, unicodedata, collections, json

def fold(s):
    s = unicodedata.normalize('NFD', s).replace('đ', 'd').replace('Đ', 'D')
    return ''.join(c for c in s if unicodedata.category(c) != 'Mn').lower()

here = os.path.dirname(__file__)
cands = [l.rstrip('\n').split('\t') for l in open(os.path.join(here, 'candidates.tsv'), encoding='utf-8') if l.strip()]
have = {e['acronym'] for e in json.load(open(os.path.join(here, '..', '..', 'server', 'data', 'glossary.json')))['entries']}
cands = [c for c in cands if c[0] not in have]
acrs = {c[0] for c in cands}
pat = re.compile(r'(?<![\w+-])(' + '|'.join(sorted((re.escape(a) for a in acrs), key=len, reverse=True)) + r')(?![\w+-])')
best = {}
wordings = collections.defaultdict(collections.Counter)
vi_syl = {c[0]: set(fold(c[1]).split()) - {'va', 'cua', 'cac', 've', 'the', '-', ','} for c in cands}
corpus = sys.argv[1]
for name in sorted(os.listdir(corpus)):
    with open(os.path.join(corpus, name), encoding='utf-8', errors='replace') as f:
        for line in f:
            if not pat.search(line):
                continue
            words = line.split()
            for m in pat.finditer(line):
                a = m.group(1)
                pre = line[:m.start()].split()
                post = line[m.end():].split()
                window = set(re.sub(r'[^\w\s-]', ' ', fold(' '.join(pre[-40:] + post[:40]))).split())
                syl = vi_syl[a]
                score = len(syl & window) / max(1, len(syl))
                if score > best.get(a, (0,))[0]:
                    snippet = ' '.join(pre[-18:]) + ' [' + a + '] ' + ' '.join(post[:12])
                    best[a] = (score, name[:-4], snippet)
                if line[m.start() - 1:m.start()] == '(':
                    n = len(next(c for c in cands if c[0] == a)[1].split())
                    wordings[a][' '.join(pre[-n:]).strip('(').strip()] += 1
for c in cands:
    a = c[0]
    s = best.get(a, (0, '-', ''))
    top = '; '.join(f'{w} ×{k}' for w, k in wordings[a].most_common(3))
    print(f'{a}\t{s[0]:.2f}\t{s[1]}\t{c[1]}\t{top}\t{s[2]}')
