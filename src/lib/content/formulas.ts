/** Each model's objective in LaTeX, rendered with KaTeX next to its lab. */
export const FORMULAS: Readonly<Record<string, string>> = {
	'conv-ae': String.raw`\mathcal{L} = \frac{1}{n}\sum_i \lVert x_i - g_\theta(f_\phi(x_i)) \rVert^2`,
	'conv-dae': String.raw`\mathcal{L} = \frac{1}{n}\sum_i \lVert x_i - g_\theta(f_\phi(\tilde{x}_i)) \rVert^2,\quad \tilde{x}_i \sim q(\tilde{x}\mid x_i)`,
	'dense-ae': String.raw`\mathcal{L} = -\frac{1}{n}\sum_i \sum_j \big[x_{ij}\log \hat{x}_{ij} + (1 - x_{ij})\log(1 - \hat{x}_{ij})\big],\quad \hat{x} = g(f(x))`,
	'stacked-ae': String.raw`h_{k+1} = \sigma(W_k h_k + b_k),\quad \hat{h}_k = \sigma(W_k^{\top} \hat{h}_{k+1} + c_k)\ \text{(tied)}`,
	gan: String.raw`\min_G \max_D\; \mathbb{E}_{x}[\log D(x)] + \mathbb{E}_{z}[\log(1 - D(G(z)))]`,
	dcgan: String.raw`\min_G \max_D\; \mathbb{E}_{x}[\log D(x)] + \mathbb{E}_{z}[\log(1 - D(G(z)))]`,
	// Geometry-regularised AE (Duque et al. 2022) with Isomap targets e_i, as in the manifold view.
	grae: String.raw`\mathcal{L} = \frac{1}{n}\sum_i \lVert x_i - g(f(x_i)) \rVert^2 + \lambda\,\frac{1}{n}\sum_i \lVert f(x_i) - e_i^{\text{Isomap}} \rVert^2`,
	vae: String.raw`\mathcal{L} = -\mathbb{E}_{q_\phi(z\mid x)}[\log p_\theta(x\mid z)] + \beta\, \mathrm{KL}(q_\phi(z\mid x)\,\Vert\, \mathcal{N}(0, I)),\; z = \mu + e^{\frac{1}{2}\log\sigma^2}\odot\varepsilon`
};
