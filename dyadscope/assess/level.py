"""The evidence-implied long-run level R*: balance of cooperative and conflictual evidence, with a prior.

Per month t and dimension d, from the month's positive and negative sums of w·v (``pos``, ``neg``):

    C_td = pos_td / k,   K_td = ρ · |neg_td| / k                       intensities (w·|goldstein|/10)
    s_td = tanh(M_td/s₀) / M_td,   M_td = C_td + K_td                   one month counts at most 1
    pooled over dimensions (long window, half-life h_L):
        C^L_t = δ_L C^L_{t-1} + s^p_t Σ_d C_td,   K^L_t likewise,   s^p_t from Σ_d M_td
        m^L_t = (C^L_t − K^L_t + w_p μ_t) / (C^L_t + K^L_t + w_p),   μ_t = clip((P_t − c)/a, −1, 1)
    per dimension (short window, half-life h_S):
        C^S_td = δ_S C^S_{t-1,d} + s_td C_td,   K^S_td likewise
        m_td = (C^S_td − K^S_td + w_L m^L_t) / (C^S_td + K^S_td + w_L)
    R*_td = clip(c + a · m_td + offset_d, −9, 9)

Every balance is increasing in each cooperative item and decreasing in each conflictual one, so the
level keeps the model's monotonicity. All arrays carry a leading batch axis (bootstrap replicates).
"""

from __future__ import annotations

import numpy as np

from .score import ModelParams


def _decay(half_life: float) -> float:
    return float(0.5 ** (1.0 / half_life)) if half_life > 0 else 0.0


def _saturated(c: np.ndarray, k: np.ndarray, unit: float) -> tuple[np.ndarray, np.ndarray]:
    """(C, K) scaled so that their sum is tanh((C + K)/unit): a month's mass is at most 1."""
    mass = c + k
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(mass > 0, np.tanh(mass / unit) / mass, 0.0)
    return c * scale, k * scale


def evidence_level(
    pos: np.ndarray,
    neg: np.ndarray,
    prior: np.ndarray,
    prior_weight: np.ndarray,
    offsets: np.ndarray,
    params: ModelParams,
) -> dict[str, np.ndarray]:
    """R* and its ingredients. ``pos``/``neg``: (B, T, D); ``prior``/``prior_weight``: (T,); offsets (D,).

    Returns ``level`` (B, T, D), ``balance`` (B, T, D), ``pooled`` (B, T) and ``mass`` (B, T): the
    effective number of months of evidence in the long window.
    """
    k = params.k if params.k > 0 else 1.0
    coop = np.clip(pos, 0.0, None) / k
    conf = params.conflict_weight * np.abs(np.clip(neg, None, 0.0)) / k
    unit = params.month_unit
    c_dim, k_dim = _saturated(coop, conf, unit)
    c_pool, k_pool = _saturated(coop.sum(axis=2), conf.sum(axis=2), unit)
    a, c0 = params.level_scale, params.level_offset
    mu = np.clip((prior - c0) / a, -1.0, 1.0)
    d_long, d_short = _decay(params.half_life_long), _decay(params.half_life_short)
    batch, months, dims = pos.shape
    level = np.zeros((batch, months, dims))
    balance = np.zeros((batch, months, dims))
    pooled = np.zeros((batch, months))
    mass = np.zeros((batch, months))
    cl = np.zeros(batch)
    kl = np.zeros(batch)
    cs = np.zeros((batch, dims))
    ks = np.zeros((batch, dims))
    for t in range(months):
        cl = d_long * cl + c_pool[:, t]
        kl = d_long * kl + k_pool[:, t]
        m_long = (cl - kl + prior_weight[t] * mu[t]) / (cl + kl + prior_weight[t])
        cs = d_short * cs + c_dim[:, t]
        ks = d_short * ks + k_dim[:, t]
        w_pool = params.pool_weight
        m_dim = (cs - ks + w_pool * m_long[:, None]) / (cs + ks + w_pool)
        balance[:, t] = m_dim
        pooled[:, t] = m_long
        mass[:, t] = cl + kl
        level[:, t] = np.clip(c0 + a * m_dim + offsets[None, :], -9.0, 9.0)
    return {"level": level, "balance": balance, "pooled": pooled, "mass": mass}
