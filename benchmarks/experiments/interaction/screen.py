"""Screen (twelfth 2026-12-07 session, not kept): a rank-1 victim x neighbour interaction on top of coloc's MPS
leave-one-model-out residuals. Short victims next to long neighbours miss by 6 % on average, with signs that go
with the pair (mobilenet@b8s224 +11.7 % next to llama8b, -6.0 % next to resnet50@b128s224; bert@b16s128 the other
way round), which the effects layer's one term per workload and role cannot express. Here log(measured /
predicted) of victim i next to neighbour j is fitted as u_i * z_j (alternating ridge, SVD start) on every pair
without the held-out model plus its probe co-runs (part of its profile), and the held-out model's pairs are
predicted with it.
Usage: [EXTRA_PROBES=a,b] python3 benchmarks/experiments/interaction/screen.py GPU RIDGE [this]
("this": from the thisGpu baseline; EXTRA_PROBES: calibration workloads taken as more probes, their co-runs with the
held-out model part of its profile)
Reads predictions/GPU/offline-2026-12-07.json."""
import json,sys,math,collections
import numpy as np
g=sys.argv[1]; lam=float(sys.argv[2]) if len(sys.argv)>2 else 1.0; useThis = len(sys.argv)>3
r=json.load(open(f'predictions/{g}/offline-2026-12-07.json'))
import os
probes=['bert@b16s128','llama@b1s256']+[p for p in os.environ.get('EXTRA_PROBES','').split(',') if p]
E={}  # (victim, neighbour) -> log(meas/pred)
P={}
for x in r['records']:
    if x['split']!='lomo' or x['mode']!='mps': continue
    pr=((x.get('baselines') or {}).get('thisGpu') if useThis else None) or x['predicted']
    for i,(v,o) in enumerate(((x['a'],x['b']),(x['b'],x['a']))):
        E[(v,o)]=math.log(x['measured'][i]/pr[i]); P[(v,o)]=(x['measured'][i],pr[i])
ws=sorted({k[0] for k in E}|{k[1] for k in E})
def fit(keys, iters=60):
    idx={w:i for i,w in enumerate(ws)}
    M=np.zeros((len(ws),len(ws)))
    for k in keys: M[idx[k[0]],idx[k[1]]]=E[k]
    U,S,Vt=np.linalg.svd(M)
    u={w:U[idx[w],0]*math.sqrt(S[0]) for w in ws}; z={w:Vt[0,idx[w]]*math.sqrt(S[0]) for w in ws}
    for _ in range(iters):
        for w in ws:
            ks=[k for k in keys if k[0]==w]
            num=sum(E[k]*z[k[1]] for k in ks); den=sum(z[k[1]]**2 for k in ks)+lam
            u[w]=num/den
        for w in ws:
            ks=[k for k in keys if k[1]==w]
            num=sum(E[k]*u[k[0]] for k in ks); den=sum(u[k[0]]**2 for k in ks)+lam
            z[w]=num/den
    return u,z
base=[];new=[]
for m in ws:
    if m in probes: continue
    test=[k for k in E if m in k and not (set(k)&set(probes))]
    if not test: continue
    train=[k for k in E if m not in k]
    prob=[k for k in E if m in k and set(k)&set(probes)]
    u,z=fit(train+prob)  # m's probe co-runs are part of its profile
    for k in test:
        corr=u[k[0]]*z[k[1]]
        meas,pred=P[k]
        base.append(abs(pred/meas-1)); new.append(abs(pred*math.exp(corr)/meas-1))
print(g,'lam',lam,'n',len(base),'base %.2f%% max %.1f%%'%(100*np.mean(base),100*max(base)),'new %.2f%% max %.1f%%'%(100*np.mean(new),100*max(new)), 'better',sum(n<b for n,b in zip(new,base)))
