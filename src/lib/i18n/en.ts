/** English UI text. Keys are shared with ko.ts; a unit test checks both have the same keys. */
export const en = {
	app: {
		name: 'Latent Lab',
		tagline: 'Unsupervised deep learning that trains on your own device.',
		skip: 'Skip to content'
	},
	nav: {
		home: 'Home',
		train: 'Train',
		photos: 'Photos',
		generate: 'Generate',
		models: 'My models',
		settings: 'Settings',
		main: 'Main navigation'
	},
	home: {
		lead: 'K-Means, PCA, autoencoders, VAEs and GANs — trained right here, in your browser, on your data. Nothing to install, works offline.',
			'Storage is full: training is paused and nothing saved so far was lost. Free space in My models, then resume.',
		open: 'Open',
		labs: 'Labs',
		train: {
			title: 'Train',
			body: 'Train clustering, autoencoders, VAEs and GANs on Fashion-MNIST or your own images, and watch them learn.'
		},
		photos: {
			title: 'Photos',
			body: 'Denoise and stylize your own photos with neural networks, on the device.'
		},
		generate: {
			title: 'Generate',
			body: 'Sample new images from generative models, walk the latent space and interpolate.'
		},
		models: {
			title: 'My models',
			body: 'Your trained models and checkpoints: resume, export, import and share by link.'
		},
		privacy: 'Your photos and data stay on this device unless you choose to share.'
	},
	status: {
		backend: 'Compute',
		starting: 'starting…',
		memory: 'Tensors',
		failed: 'unavailable'
	},
	train: {
		title: 'Train',
		lead: 'Pick a model, set its hyper-parameters and watch it learn on Fashion-MNIST — on this device.',
		start: 'Start training',
		pause: 'Pause',
		resume: 'Resume',
		step: 'One step',
		stop: 'Stop',
		slow: 'Slow motion',
		params: 'Hyper-parameters',
		progress: 'Step {step} of {total}',
		loading: 'Downloading Fashion-MNIST…',
		building: 'Building the model…',
		paused: 'Paused',
		done: 'Finished: {steps} steps in {seconds} s',
		stopped: 'Stopped at step {step}',
		throughput: '{rate} samples/s',
		paramCount: '{n} parameters (~{mb} MB of weights)',
		samples: 'Samples at step {step}: {rows}',
		losses: 'Losses',
		unknown: 'There is no model called "{kind}".',
		resumeAt: 'Resume training (step {step})',
		saved: 'Checkpoint saved at step {step} ({size}, {ms} ms).',
		storageFull:
		reproduce: 'The link in the address bar reproduces this set-up.',
		open: 'Open'
	},
	models: {
		'conv-ae': {
			title: 'Convolutional autoencoder',
			body: 'Compresses each image to a short code with strided convolutions and rebuilds it with transposed convolutions.'
		},
		'conv-dae': {
			title: 'Denoising autoencoder',
			body: 'Learns to rebuild the clean image from a corrupted one (Gaussian or masking noise) — robust features (Vincent et al., 2008).'
		},
		dcgan: {
			title: 'DCGAN',
			body: 'A generator and a discriminator play a game until generated clothes look real (Radford et al., 2015).'
		}
	},
	params: {
		latentSize: 'Latent size',
		learningRate: 'Learning rate',
		noise: 'Noise',
		noiseLevel: 'Noise level (σ or fraction)',
		labelSmoothing: 'One-sided label smoothing (0.9)',
		steps: 'Training steps',
		batchSize: 'Batch size',
		seed: 'Seed'
	},
	settings: {
		title: 'Settings',
		language: 'Language',
		theme: 'Theme',
		themeSystem: 'System',
		themeLight: 'Light',
		themeDark: 'Dark',
		backend: 'Compute backend',
		backendAuto: 'Automatic (WebGPU → WASM → CPU)',
		backendHint:
			'Changing the backend restarts the compute worker. You can also add ?backend=cpu to any link.',
		threads: 'WASM threads',
		threadsAuto: 'Automatic',
		diagnostics: 'Diagnostics',
		selfTest: 'Run self-test',
		running: 'Running…',
		selfTestResult: '{size}×{size} matMul in {ms} ms on {backend}',
		isolated: 'Cross-origin isolated',
		yes: 'yes',
		no: 'no',
		storage: 'Storage'
	},
	backend: {
		webgpu: 'WebGPU',
		wasm: 'WASM',
		cpu: 'CPU',
		threads: '{n, plural, one {# thread} other {# threads}}',
		simd: 'SIMD',
		fallbackAdapter: 'software adapter (slow)',
		forced: 'chosen in settings'
	},
	update: {
		available: 'A new version of Latent Lab is available.',
		reload: 'Reload',
		dismiss: 'Later',
		offlineReady: 'Latent Lab is ready to work offline.'
	},
	error: {
		notFound: 'Page not found',
		notFoundBody:
			'There is nothing at this address. It may have moved, or the link may be mistyped.',
		generic: 'Something went wrong',
		home: 'Back to the home page'
	},
	soon: {
		title: 'Coming soon',
		body: 'This lab is being built. Meanwhile, the other labs are open.'
	}
};

/** The shape every locale must have. */
export type Messages = typeof en;
