"""Inception feature-extraction throughput on CPU: diffusion_notes.inception.FIDInception vs pytorch-fid's InceptionV3.

Both networks carry the same (random) weights: pytorch-fid's model is built offline by handing it a random state_dict
instead of the download, and ours loads that state_dict (strict). Each round times both on the same batches
(pytorch-fid as its get_activations runs it: model(batch)[0] under no_grad); best and median over rounds are printed,
with the images/s ratio, from this one run. Features are checked to agree.

    python bench/bench_inception.py [--n 16] [--batch-size 8] [--size 64] [--rounds 3] [--threads N]
"""
import argparse, statistics, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import torch, torchvision
import pytorch_fid.inception as pfid_inception  # dev dependency
from diffusion_notes.inception import FIDInception, from_pytorch_fid_keys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=16, help='images per round')
    p.add_argument('--batch-size', type=int, default=8)
    p.add_argument('--size', type=int, default=64, help='image side before the resize to 299')
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--threads', type=int, default=None, help='torch threads (default: torch default)')
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)

    torch.manual_seed(0)
    sd = torchvision.models.inception_v3(num_classes=1008, aux_logits=False, weights=None, init_weights=False).state_dict()
    pfid_inception.load_state_dict_from_url = lambda *args, **kwargs: sd  # no download: random weights
    ref = pfid_inception.InceptionV3().eval()
    ours = FIDInception(value_range=(0, 1))
    ours.load_state_dict(from_pytorch_fid_keys(ref.state_dict()) | {'fc.weight': sd['fc.weight'], 'fc.bias': sd['fc.bias']})

    images = torch.rand(a.n, 3, a.size, a.size, generator=torch.Generator().manual_seed(0))
    batches = images.split(a.batch_size)
    run_ref = lambda: torch.cat([ref(b)[0][:, :, 0, 0] for b in batches])
    run_ours = lambda: torch.cat([ours(b) for b in batches])
    with torch.no_grad():
        f_ref, f_ours = run_ref(), run_ours()  # warm-up, and the features must agree
        rel = ((f_ours - f_ref).norm() / f_ref.norm()).item()
        t_ref, t_ours = [], []
        for _ in range(a.rounds):
            for f, ts in ((run_ref, t_ref), (run_ours, t_ours)):
                t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    print(f"{a.n} images {a.size}x{a.size} -> 299x299, batch {a.batch_size}, torch threads {torch.get_num_threads()}, "
          f"{a.rounds} rounds; feature rel. difference {rel:.1e}")
    for name, ts in (('pytorch-fid InceptionV3', t_ref), ('diffusion_notes FIDInception', t_ours)):
        print(f"{name:30s} best {a.n / min(ts):6.2f} img/s   median {a.n / statistics.median(ts):6.2f} img/s")
    print(f"throughput ratio ours/pytorch-fid: best {min(t_ref) / min(t_ours):.2f}x, "
          f"median {statistics.median(t_ref) / statistics.median(t_ours):.2f}x (required >= 1)")


if __name__ == '__main__':
    main()
