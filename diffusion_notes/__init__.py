__version__ = "0.0.1"

"""Literate notebooks that derive, test and implement the methods that made diffusion models work.

`import diffusion_notes as dn` gives the main names (`dn.DDPM`, `dn.unet`, `dn.train`, `dn.sample_heun`,
`dn.sigmas_edm`, `dn.classifier_free_guidance`, `dn.epsilon_scaling`, `dn.compute_fid`, ...). Each is imported
from its module on first use, so `import diffusion_notes` stays cheap and optional packages (diffusers,
open_clip) are needed only by the names that use them. Everything else lives in the modules
(`diffusion_notes.samplers`, ...), one per notebook.
"""

import importlib

# Hand-written (nbdev keeps this file): the public surface, by module. The package notebook (nbs/90_package)
# tests that every name resolves and is in its module's __all__. A function named like its module
# (`generate.generate`, `evaluate.evaluate`) cannot be listed: importing the module rebinds the name to it.
_PUBLIC = {
    'core': ['Wrapper', 'inner_model', 'wrapper_chain', 'find_wrapper', 'NFECounter', 'NoiseLevels'],
    'mixtures': ['GaussianMixture', 'digits_mixture'],
    'datasets': ['ImageData', 'load_dataset', 'digits', 'image_folder', 'show_images', 'save_grid'],
    'nets': ['unet', 'classifier', 'UNet', 'EncoderUNet', 'MLP'],
    'ddpm': ['DDPM', 'sample_chain_ancestral', 'mixture_eps_model'],
    'respacing': ['respace', 'sample_chain_ddim'],
    'iddpm': ['LearnedVarDDPM', 'hybrid_loss'],
    'training': ['train', 'load_checkpoint'],
    'cli': ['train_preset', 'PRESETS', 'load_run_model'],
    'methods': ['METHODS', 'build_network', 'build_chain', 'training_loss'],
    'vlb': ['nll_bpd', 'data_bpd'],
    'likelihood': ['ode_log_likelihood', 'bits_per_dim'],
    'edm': ['EDMPrecond', 'VPPrecond', 'VEPrecond', 'iDDPMPrecond', 'edm_loss', 'EpsDenoiser', 'eps_model_to_denoiser'],
    'samplers': ['sigmas_edm', 'sigmas_vp', 'sigmas_ve', 'sigmas_iddpm', 'sample_euler', 'sample_heun',
                 'sample_euler_ancestral', 'sample_edm_stochastic', 'sample_dpmpp_2m', 'sample_dpmpp_2s', 'sample_ablation'],
    'guidance': ['classifier_free_guidance', 'classifier_guidance_eps', 'classifier_guidance_D', 'clip_guidance'],
    'exposure_bias': ['epsilon_scaling', 'LinearLambda'],
    'fid': ['compute_fid', 'frechet_distance', 'FeatureStats'],
    'inception': ['load_fid_inception'],
    'scores': ['inception_score', 'clip_score'],
    'kid_pr': ['kid', 'precision_recall'],
    'digits_eval': ['digits_metrics', 'digits_fid', 'nn_distance'],
    'interop': ['DiffusersModel', 'load_diffusers', 'EpsOnly', 'KDiffusionDenoiser', 'EDMNetDenoiser', 'export_weights', 'load_weights'],
    'adm': ['adm_from_flags', 'load_adm_checkpoint'],
}
_WHERE = {name: mod for mod, names in _PUBLIC.items() for name in names}
__all__ = sorted(_WHERE)

def __getattr__(name):
    if name in _WHERE:
        value = getattr(importlib.import_module(f'.{_WHERE[name]}', __name__), name)
        globals()[name] = value   # later lookups skip this function
        return value
    raise AttributeError(f"module 'diffusion_notes' has no attribute {name!r}")

def __dir__(): return sorted(set(globals()) | set(__all__))
