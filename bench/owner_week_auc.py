#!/usr/bin/env python3
"""Reply prediction within each recipient's week: how a triage tool ranks the requests it has at hand.

usage: owner_week_auc.py EVENTS SCORES.csv COLUMN...

EVENTS is a SNAP temporal log ("src dst unix_ts" lines), SCORES.csv what `rapport replay` wrote for it.
A message counts as answered when its recipient writes to its sender within 7 days. For each COLUMN it
prints the ROC AUC within each (recipient, calendar week of 7 days since the epoch) group, averaged
with weights = the group's messages (groups all answered or all unanswered are left out; messages
whose week runs past the log's end are not scored). Unlike a whole-log per-recipient AUC, it does not
compare an owner's messages from different months, when scores may have been on different scales.
"""
import csv, sys, bisect, collections
W=7*86400
ev=[]
for line in open(sys.argv[1]):
    if not line.strip() or line[0] in '#%': continue
    a,b,t=line.split()[:3]
    if a!=b: ev.append((int(t),a,b))
ev.sort(key=lambda e:e[0])
rows=list(csv.DictReader(open(sys.argv[2])))
t_end=ev[-1][0]
sends=collections.defaultdict(list)
for t,a,b in ev: sends[(a,b)].append(t)
def label(a,b,t):
    L=sends.get((b,a),[]); i=bisect.bisect_right(L,t)
    return i<len(L) and L[i]<=t+W
def auc(pairs):
    pairs.sort(); n=len(pairs); pos=sum(l for _,l in pairs); neg=n-pos
    if pos==0 or neg==0: return None
    rs=0; i=0
    while i<n:
        j=i
        while j+1<n and pairs[j+1][0]==pairs[i][0]: j+=1
        r=(i+j)/2+1
        for k in range(i,j+1):
            if pairs[k][1]: rs+=r
        i=j+1
    return (rs-pos*(pos+1)/2)/(pos*neg)
for col in sys.argv[3:]:
    g=collections.defaultdict(list)
    for r in rows:
        t=int(r['ts'])
        if t+W>t_end: continue
        g[(r['dst'], t//W)].append((float(r[col]), label(r['src'],r['dst'],t)))
    num=den=0
    for k,v in g.items():
        a=auc(v)
        if a is not None: num+=a*len(v); den+=len(v)
    print(col, 'owner-week AUC %.3f'%(num/den))
