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
		explore: 'Explore',
		uses: 'Uses',
		photos: 'Photos',
		generate: 'Generate',
		models: 'My models',
		settings: 'Settings',
		main: 'Main navigation'
	},
	home: {
		lead: 'K-Means, PCA, autoencoders, VAEs and GANs — trained right here, in your browser, on your data. Nothing to install, works offline.',
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
		uses: {
			title: 'Uses',
			body: 'What learned representations are good for: classify with a few labels, find similar images, compress.'
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
		idle: 'starts when needed',
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
		full: {
			needed: 'The checkpoint that could not be saved needs {size}.',
			perModel: 'Space used by each saved model:',
			thisRun: 'this run',
			confirm: 'Delete “{name}” and all its checkpoints for good?',
			then: 'Delete models you no longer need (or export them first), then press Resume.'
		},
		stopUnsaved:
			'Storage was full when the run stopped: the steps after the last checkpoint (step {step}) could not be saved. Free space in My models.',
		storageFull:
			'Storage is full: training is paused and nothing saved so far was lost. Free space in My models, then resume.',
		reproduce: 'The link in the address bar reproduces this set-up.',
		open: 'Open'
	},
	models: {
		storage: 'Storage: {used} of {quota} used',
		persist: 'Keep my data (persistent storage)',
		persisted: 'Persistent storage granted: the browser will not evict your models.',
		notPersisted:
			'Not granted: the browser may clear models when space runs low. Export the ones you care about.',
		import: 'Import a model (.zip)',
		dropHint: 'Or drop exported model files here.',
		imported: 'Imported “{name}”.',
		importFailed: 'Import failed; nothing was changed.',
		tooLarge: '{name} is too large to import.',
		deleted: 'Deleted “{name}”.',
		undo: 'Undo',
		empty: 'No models yet. Train one and it appears here.',
		thumbAlt: 'Latest samples of {name}',
		steps: '{n} steps',
		generate: 'Generate',
		usePhotos: 'Use in the photo studio',
		continue: 'Continue',
		rename: 'Rename',
		renamePrompt: 'New name',
		duplicate: 'Duplicate',
		export: 'Export',
		share: 'Share',
		delete: 'Delete',
		'dense-ae': {
			title: 'Dense autoencoder',
			body: 'An undercomplete autoencoder: 784 pixels squeezed through a small code and back. Latent size 2 makes it plottable.'
		},
		'stacked-ae': {
			title: 'Stacked autoencoder',
			body: 'A deep autoencoder (512-256-128) whose decoder can reuse the encoder weights transposed (tied weights).'
		},
		vae: {
			title: 'Variational autoencoder',
			body: 'Encodes each image as a Gaussian, samples with the reparameterisation trick, and can generate new images (Kingma & Welling, 2013).'
		},
		gan: {
			title: 'GAN (MLP)',
			body: 'The original generative adversarial network with fully connected networks (Goodfellow et al., 2014).'
		},
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
		},
		stylizer: {
			title: 'Fast stylizer',
			body: 'A feed-forward style transfer network (Johnson et al., 2016) trained in the photo studio for one style.'
		}
	},
	params: {
		hidden: 'Hidden units',
		tiedWeights: 'Tied weights',
		beta: 'β (KL weight)',
		latentSize: 'Latent size',
		learningRate: 'Learning rate',
		noise: 'Noise',
		noiseLevel: 'Noise level (σ or fraction)',
		labelSmoothing: 'One-sided label smoothing (0.9)',
		steps: 'Training steps',
		batchSize: 'Batch size',
		seed: 'Seed'
	},
	generate: {
		lead: 'Sample new images from generative models — the pretrained ones or your own — walk between two latent points and move the latent sliders.',
		pretrained: 'pretrained',
		yours: 'yours',
		none: 'No generative model yet: train a GAN, DCGAN or VAE first.',
		noneOffline: 'Your own GAN, DCGAN or VAE models work offline: train one here.',
		catalogueOffline:
			'The pretrained models could not be loaded: the server is out of reach (offline?). They appear here once you are back online.',
		model: 'Model',
		new: 'New samples',
		download: 'Download PNG',
		gridLabel: '64 samples, seed {seed}',
		interpolate: 'Latent interpolation',
		toSeed: 'to seed',
		walk: 'Interpolate',
		frames: 'Frames of the walk (slerp)',
		play: 'Play',
		stop: 'Stop',
		animation: 'Animation',
		sliders: 'Latent sliders ({shown} of {total} dimensions)',
		sliderImage: 'The first sample, with the slider values in its first dimensions'
	},
	share: {
		title: 'Share “{name}”',
		explain:
			'Upload this model to get a link that opens it in Latent Lab on any device. Your photos are never included.',
		upload: 'Upload and get link',
		uploading: 'Uploading…',
		ready: 'Anyone with this link can open the model:',
		link: 'Share link',
		copy: 'Copy link',
		copyFailed: 'Could not copy: the link is selected, copy it by hand.',
		copied: 'Copied',
		system: 'Share…',
		stop: 'Stop sharing',
		close: 'Close',
		shared: 'Shared model',
		kind: 'Model',
		dataset: 'Dataset',
		size: 'Size',
		date: 'Shared on',
		open: 'Open in Latent Lab',
		downloading: 'Downloading the model…',
		missingTitle: 'This model is not available',
		missingBody: 'The link may be mistyped, or its owner stopped sharing it.',
		offlineTitle: 'You are offline',
		offlineBody:
			'This shared model is on the server. It opens here as soon as you are back online.',
		retry: 'Try again'
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
		storage: 'Storage',
		speedTest: 'Measure training speed',
		cancel: 'Cancel',
		speedCaption: 'Training samples per second, batch {batch}, default models',
		speedModel: 'Model',
		speedRate: 'samples/s',
		speedMemory: 'tensor memory'
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
	photos: {
		title: 'Photo studio',
		lead: 'Denoise and stylize your own photos with neural networks. Everything runs on this device: your photo never leaves it unless you choose “Process on server”.',
		choose: 'Choose a photo',
		camera: 'Take a photo',
		dropHint: 'or drop a JPEG, PNG or WebP here, or paste one (Ctrl+V)',
		empty:
			'Your photo appears here, next to its denoised or stylized version. Large phone photos are processed at full size, tile by tile.',
		opening: 'Opening the photo…',
		photoInfo: '{name} · {width} × {height} · estimated noise σ ≈ {sigma}',
		rotated: 'Turned upright from its EXIF orientation ({o}).',
		tools: 'Tools',
		denoise: 'Denoise',
		stylize: 'Stylize',
		model: 'Denoiser',
		noise: 'Noise level',
		auto: 'Auto (estimated σ ≈ {sigma})',
		manual: 'Set σ',
		sigma: 'σ = {sigma}',
		blind: 'This denoiser is blind: it finds the noise level itself (estimated σ ≈ {sigma}).',
		run: 'Denoise',
		runStyle: 'Stylize',
		cancel: 'Cancel',
		loadingModel: 'Loading the denoiser…',
		downloading: 'Downloading the denoiser weights…',
		starting: 'Starting the compute backend…',
		running: 'Denoising tile {done} of {total}',
		done: 'Denoised in {seconds} s ({tiles, plural, one {# tile} other {# tiles}}{passes, plural, one {} other {, # passes each}}, {mps} megapixels/s, σ = {sigma}).',
		bestQuality: 'Best quality: average 8 flipped and turned passes (8× slower)',
		bestQualityHint:
			'A network answers a mirrored or turned photo a little differently; the mean of the 8 answers, each turned back, has less noise left (about +0.2 dB with the shipped grey denoiser). On this device only.',
		cancelled: 'Cancelled.',
		loadingModels: 'Looking for published denoisers…',
		noDenoiser:
			'No denoiser weights are published on this server yet, so denoising is not available. They appear here as soon as the denoiser models are trained and published.',
		catalogueError: 'The list of models could not be loaded: {reason}.',
		noVgg:
			'The ImageNet VGG19 weights that Gatys et al.’s style transfer uses are not installed on this server, so only the VGG-free random features are available. Install them here: the server fetches Keras’ official file (80 MB), checks its published md5 and keeps a 26 MB float16 copy for everyone who uses it. Administrators can also run the command below.',
		trainStylizer: {
			title: 'Train a fast stylizer for this style',
			intro:
				'Teaches a small network (276k parameters, the shipped stylizers’ recipe) the chosen style on crops of your photo, here on this device. A step takes one to two seconds on a laptop. After 300 steps on one photo it paints in the style’s colours and strokes but loosens the shapes; the shipped stylizers, trained for 1,140 steps on hundreds of photos, hold them better. Stop whenever you like: it saves itself every 30 s and on Stop, so you can reload or go offline and resume later. The result appears under “Fast” and in Your models, where you can share it.',
			needPhoto: 'Open a photo first: the stylizer learns on it.',
			steps: 'Training steps',
			name: 'Name',
			defaultName: 'Stylizer · {style}',
			lossNetwork: 'Loss network: {network}.',
			morePhotos: 'Add more photos to learn from (up to {n})…',
			morePhotosChosen: '+ {count, plural, one {# photo} other {# photos}}',
			clearPhotos: 'Clear',
			start: 'Train a stylizer',
			stop: 'Stop and save',
			resume: 'Resume “{name}” (step {step} of {steps})',
			more: 'Train “{name}” {n} steps more',
			preparing: 'Preparing the training…',
			running: 'Training the stylizer: step {step} of {total}',
			losses: 'Step {step}: style loss {style}, content loss {content}',
			saved: 'Saved at step {step}.',
			previewAlt: 'Your photo through the stylizer being trained (step {step})',
			done: '“{name}” is trained ({step} steps in {seconds} s). Choose “Fast” above to use it.',
			stopped: 'Stopped and saved at step {step} of {steps}. Resume any time, also after a reload.',
			storageFull: 'Storage is full, so training stopped at the last saved step: {detail}',
			failed: 'Training failed: {detail}'
		},
		modelPsnr: '{db} dB at σ = 25 on held-out photos',
		myDenoisers: 'Your denoising autoencoders',
		myDenoiserHint:
			'Your own denoising autoencoder from the lab. It learned on 28 × 28 Fashion-MNIST images (or your image set), so it cleans the photo in 28-pixel tiles, each colour channel on its own, and the result is soft: the published denoisers learned on natural photos. It runs on this device only.',
		vggInstall: {
			button: 'Install VGG19 (~26 MB)',
			starting: 'Starting the install…',
			upload: 'Sending the file to the server…',
			download: 'The server is downloading the official file…',
			check: 'Checking the file against its published md5…',
			convert: 'Converting the weights to float16…',
			store: 'Storing the weights…',
			chooseHint: 'If you have {file}, choose it here and it is sent to the server instead.',
			official: 'Official file',
			errors: {
				source_unreachable:
					'The server could not download the official file. Choose it on this device instead.',
				not_official:
					'This is not the official VGG19 file: its md5 is not the one Keras publishes.',
				import_failed: 'The weights could not be imported: {detail}',
				too_large: 'The file is larger than any VGG19 weights file.',
				offline: 'The server could not be reached. Are you online?',
				server: 'The server failed: {detail}',
				aborted: 'The install was cancelled.'
			},
			choose: 'Choose the .h5 file…'
		},
		styles: 'Built-in styles (public-domain paintings)',
		before: 'Before',
		after: 'After',
		divider: 'Before/after divider',
		zoomIn: 'Zoom in',
		zoomOut: 'Zoom out',
		fit: 'Fit',
		download: 'Download',
		format: 'Format',
		png: 'PNG (lossless)',
		jpeg: 'JPEG',
		downloadHint: 'Full resolution: {width} × {height}.',
		privacy:
			'Nothing is uploaded unless you choose “Process on server”: only the model weights are downloaded.',
		style: {
			onServer: '{model} on the server ({ms} ms there)',
			serverHint:
				'On: the photo, scaled to {side} px, is sent to the Latent Lab server, stylized there and sent back; the server keeps nothing.',
			method: 'Method',
			optimise: 'Optimise the picture (Gatys et al.)',
			optimiseHint:
				'Adam changes the photo step by step until its features match the painting. Works with every style; takes a minute or two.',
			fast: 'Fast: a pretrained network (Johnson et al.)',
			fastHint: 'One pass of a network trained for one painting: a second, and bigger pictures.',
			noStylizer:
				'No fast stylizer is published on this server yet (npm run pretrain -- stylizer-<style> makes one).',
			stylizer: 'Stylizer',
			mine: 'yours, trained here ({steps} steps)',
			trainedRandom: 'trained with the VGG-free random features',
			trainedVgg: 'trained with VGG19',
			doneFast: 'Stylized at {width} × {height} by {stylizer} in {seconds} s (one forward pass).',
			network: 'Feature network',
			vgg: 'VGG19 (ImageNet)',
			vggHint:
				'Gatys et al. (2016): content at conv4_2, style as Gram matrices at conv1_1…conv5_1.',
			vggMissing: 'Not installed on this server (see below).',
			random: 'Random multi-scale features (VGG-free)',
			randomHint:
				'Gram matrices of random, untrained convolutions at four scales (after Ustyuzhaninov et al., 2017). It carries over a painting’s colours and brushwork, not its shapes: a weaker stand-in for VGG19, labelled as such.',
			own: 'Use my own image as the style…',
			settings: 'Settings',
			size: 'Result size',
			sizeOption: '{size} px long side',
			iterations: 'Iterations (Adam steps on the image)',
			styleWeight: 'Style weight',
			contentWeight: 'Content weight',
			smoothWeight: 'Smoothness (total variation)',
			stop: 'Stop',
			finish: 'Result',
			strength: 'Style strength',
			keepColours: 'Keep the photo’s colours',
			loading: 'Preparing the feature network…',
			running: 'Stylizing: step {done} of {total}',
			losses: 'Step {step}: content loss {content}, style loss {style}, total variation {tv}',
			done: 'Stylized at {width} × {height} with {network}: {total} steps in {seconds} s.',
			stopped:
				'Stopped at step {step} of {total} ({seconds} s): the result is the picture as far as it got.',
			downloadHint:
				'Stylized at {width} × {height}: style transfer optimises every pixel, so it runs at the size chosen above.',
			downloadHintFast:
				'Stylized at {width} × {height}: the photo’s size, or the size chosen above if the photo is larger.'
		},
		server: {
			offer:
				'This browser can use neither WebGPU nor WebAssembly ({why}), so denoising here would run on the plain CPU and be very slow. Send this photo to the Latent Lab server instead? It is denoised there and sent back; the server keeps nothing.',
			useServer: 'Process on server',
			useCpu: 'Stay on this device (slow)',
			chosen: 'chosen in settings',
			suggest:
				'This device computes on the CPU only ({why}), so denoising here is slow. “Process on server” is usually much faster.',
			label: 'Process on server',
			hint: 'Off: everything runs on this device. On: this photo is sent to the Latent Lab server, denoised there and sent back; the server keeps nothing. For slow devices; photos up to 1024 × 1024.',
			uploading: 'Sending the photo to the server…',
			processing: 'The server is processing the photo…',
			downloading: 'Receiving the result…',
			done: 'Denoised on the server by {model} in {seconds} s (server time {ms} ms).',
			errors: {
				'too-large': 'Too large for the server: {detail}. Process it on this device instead.',
				busy: 'The server is busy (too many requests). Try again in {seconds} s, or process on this device.',
				unreadable: 'The server could not read this photo: {detail}',
				'no-model': 'The server has no such denoiser: {detail}',
				offline: 'The server could not be reached (offline?). Process on this device instead.',
				server: 'The server failed: {detail}',
				aborted: 'Cancelled.'
			}
		},
		errors: {
			empty: 'The file is empty.',
			unsupported: 'This file is not a JPEG, PNG or WebP image, so it cannot be opened.',
			heic: 'This is a HEIC photo (the iPhone camera’s format), which browsers cannot open. Share or export it as JPEG first; on an iPhone, Settings → Camera → Formats → Most Compatible makes the camera save JPEG.',
			corrupt: 'This image file is damaged or incomplete and cannot be opened.',
			'too-large': 'This photo is too large: {detail}',
			'too-small': 'This photo is too small: {detail}',
			'no-weights': 'No denoiser weights are published yet.',
			'no-vgg':
				'Style transfer with VGG19 needs its weights, which this server does not have. Choose the VGG-free random features, or ask the administrator to install VGG19.',
			generic: 'Something went wrong: {detail}'
		}
	},
	lossValue: 'loss {loss}',
	eta: {
		seconds: '{s} s left',
		minutes: '{m} min {s} s left',
		hours: '{h} h {m} min left'
	},
	explore: {
		title: 'Explore',
		lead: 'Models that need no long training — K-Means, PCA, an anomaly detector and manifold embeddings — computed on your device.',
		run: 'Run',
		cancel: 'Cancel',
		cancelled: 'Cancelled.',
		locked: 'Another job on this page is running; this one can start when it ends.',
		loadingData: 'Downloading Fashion-MNIST…',
		running: 'Computing…',
		scoring: 'Scoring test images…',
		failed: 'Something went wrong: {detail}',
		seed: 'Seed',
		seconds: 'Took {seconds} s.',
		kmeans: {
			title: 'K-Means clustering',
			intro:
				'Groups images by similarity without looking at the labels; the labels are used only to score the clusters.',
			features: 'Cluster on',
			pixels: 'Pixels (784 values per image)',
			codes: 'Codes of the pretrained conv autoencoder (32 values)',
			n2d: 'Those codes in a UMAP embedding (N2D, McConville et al. 2019)',
			featuresHint:
				'K-Means expects round clusters. An autoencoder’s codes group the classes better than pixels do, and UMAP pulls each class’s curved manifold into a compact blob first, so K-Means finds the classes more often. The pictures are then each cluster’s mean image. UMAP takes at most 10,000 images.',
			subset: 'Training images',
			k: 'Clusters (k)',
			steps: 'Mini-batch steps',
			centroids: 'Cluster centres (centroids) as images',
			means: 'Mean image of each cluster',
			nmi: 'NMI',
			ari: 'ARI',
			accuracy: 'Clustering accuracy',
			inertia: 'Inertia'
		},
		pca: {
			title: 'Principal component analysis',
			intro: 'Finds the directions of largest variance. Few components keep most of the picture.',
			subset: 'Training images',
			curve: 'Cumulative explained variance',
			components: 'Components',
			variance: 'Variance kept',
			k: 'Components k: {k}',
			kept: '{percent} % of the variance kept',
			originals: 'Test images',
			reconstructions: 'Rebuilt from {k} components',
			mse: 'Reconstruction MSE at k = {k}: {mse}',
			scatter: 'Test images on the first two components (point at one to see it)'
		},
		anomaly: {
			title: 'Anomaly detection',
			intro:
				'An autoencoder trained without one class reconstructs that class badly: its reconstruction error flags it as an anomaly.',
			class: 'Held-out (anomaly) class',
			steps: 'Training steps',
			auc: 'AUC: {auc}',
			roc: 'ROC curve',
			fpr: 'False-positive rate',
			tpr: 'True-positive rate',
			top: 'The 8 most anomalous test images',
			means: 'Mean error: normal {normal}, anomalies {anomaly}'
		},
		manifold: {
			title: 'Manifolds: PCA vs. autoencoders',
			intro:
				'A 3-D cloud reduced to 2-D. PCA can only flatten it; a small nonlinear autoencoder can unroll a gently bent sheet such as the S-curve. On the tightly wound swiss roll a plain autoencoder usually folds layers onto each other instead: nothing in its loss keeps neighbours together, and gradient descent stops in a fold. The fourth panel is the same autoencoder with one more term that pulls its code towards an Isomap embedding (geodesic distances along a 10-nearest-neighbour graph): it unrolls the sheet, reconstructs better, and its encoder places a new point in one pass, where Isomap would search the graph again. The flower bud is a cup, not a bent flat sheet, and there the Isomap term costs reconstruction instead. Colour follows the position along the manifold.',
			kind: 'Shape',
			'swiss-roll': 'Swiss roll',
			's-curve': 'S-curve',
			'flower-bud': 'Flower bud',
			points: 'Points',
			steps: 'Autoencoder steps',
			input: '3-D input (drag or use arrow keys to rotate)',
			pca: 'PCA (linear)',
			ae: 'Autoencoder (latent 2)',
			grae: 'Autoencoder + Isomap term (GRAE)',
			graeCite: 'λ = 1 · Duque et al. 2022, “Geometry Regularized Autoencoders”',
			noGrae: 'No Isomap panel: {reason}',
			kept: 'Neighbours kept: {pct} %',
			keptHelp:
				'Of each point’s 10 nearest neighbours on the sheet laid flat, the share that are still among its 10 nearest in this picture (100 % = unrolled).',
			loss: 'Reconstruction error (MSE): autoencoder {loss}',
			graeLoss: 'with the Isomap term {loss}'
		}
	},
	lab: {
		latent: {
			title: 'Latent space',
			direct: '{n} test images at their 2-D codes (step {step}). Colour = class.',
			pca: '{n} test images, latent size {size} shown by PCA ({share} % of the variance), step {step}. Colour = class.',
			view2d: '2-D',
			view3d: '3-D',
			viewLabel: 'View',
			direct3:
				'{n} test images at their 3-D codes (step {step}), seen from an orbiting camera. Colour = class.',
			pca3: '{n} test images, latent size {size} shown by PCA in 3-D ({share} % of the variance), step {step}. Colour = class.',
			turn: 'Turn',
			tilt: 'Tilt',
			legend: 'Classes',
			scatterLabel: 'Latent scatter: point at an image to see it; arrow keys move, Enter picks it',
			refresh: 'Refresh now',
			refreshing: 'Encoding…',
			waiting: 'The scatter appears with the first samples.',
			pickHint:
				'Pick two images (click, or Enter on the selected point) to walk between their codes.',
			random: 'Two random images',
			clear: 'Clear',
			from: 'From',
			to: 'To',
			frames: 'Decoded frames from the first image to the second',
			failed: 'Could not compute: {message}'
		},
		collapse: {
			title: 'Mode collapse check',
			intro:
				'Classes of {n} generated samples under the project’s own Fashion-MNIST classifier (step {step}).',
			covered: '{covered} of {classes} classes covered; the largest is {top} at {share} %.',
			ok: 'No collapse: the samples spread over the classes.',
			warning: 'Mode collapse: the generator makes only a few kinds of item.',
			early:
				'Right after the start this is expected: the samples are still noise. It matters when it lasts or comes back later in training.',
			fewClasses: 'Fewer than {min} classes hold at least {minShare} % of the samples.',
			dominant: 'One class holds more than {maxShare} % of the samples.',
			unavailable: 'The classifier could not be loaded, so the check is off ({message}).',
			waiting: 'The histogram appears with the first samples.',
			notFashion: 'The check uses Fashion-MNIST classes, so it is off for your own images.'
		},
		data: {
			title: 'Dataset',
			fashion: 'Fashion-MNIST (60,000 images)',
			mine: 'My images',
			set: '{name} ({n} images)',
			setLabelled: '{name} ({n} images, {classes} classes)',
			pickFiles: 'Choose images…',
			pickFolder: 'Choose a folder…',
			hint: 'Images are cropped to a square and reduced to 28×28 grayscale; a light background is inverted to match Fashion-MNIST. They stay on this device.',
			hintClasses:
				'A folder with one subfolder per class (e.g. shoes/boots, shoes/sandals) is imported with its labels, for few-label classification on the Uses page.',
			importing: 'Reading images…',
			imported: '{n} of {total} files became training images.',
			labelled: 'Labelled by folder: {classes, plural, other {# classes}} ({names}).',
			skipped: '{n, plural, one {# file was skipped:} other {# files were skipped:}}',
			none: 'None of the {total} files could be used.',
			remove: 'Remove {name}',
			missing:
				'The image set this model trained on is not on this device any more. Pick the images again.'
		}
	},
	soon: {
		title: 'Coming soon',
		body: 'This lab is being built. Meanwhile, the other labs are open.'
	},
	uses: {
		title: 'Uses',
		lead: 'What learned representations are good for, measured on your device: classifying with very few labels, finding similar images, and compressing images into a short code.',
		loadingModel: 'Loading the autoencoder…',
		trainingAe: 'Training the autoencoder on unlabelled images…',
		mapping: 'Mapping the codes with UMAP…',
		ae: {
			title: 'Autoencoder',
			pretrained: 'Shipped conv autoencoder (pretrained, 32-number code)',
			quick: 'Train a conv autoencoder here first',
			mine: 'My model: {name}',
			steps: 'Training steps',
			note: 'Every section below uses this autoencoder. Autoencoders learn from images alone: no labels are involved in training them. Autoencoders and VAEs you train in the Train lab appear here too (a VAE’s code is its mean μ).'
		},
		few: {
			title: 'Few-label classification',
			intro:
				'Pretend only a few training images are labelled. A small classifier (softmax regression) learns from them on raw pixels, on 32 PCA components, and on the autoencoder’s code — frozen, or fine-tuned together with the encoder. The unlabelled images are used only to fit PCA and the autoencoder. On Fashion-MNIST the code alone helps little or not at all: an autoencoder keeps what varies most between images (brightness, outline), which is not always what tells the classes apart. The code joined with its UMAP map (as N2D clusters) helps more, most of all with one label per class: the map is made from the codes of unlabelled images, the test images among them (without their labels), and follows each class’s curved shape through them.',
			dataset: 'Images',
			fashion: 'Fashion-MNIST (10 classes)',
			userSet: '{name} ({classes} classes, {n} images)',
			ownHint:
				'To use your own labelled images, import a folder with one subfolder per class in any training lab (Dataset → Choose a folder…); it then appears here.',
			heldOut:
				'A quarter of every class is held out as test images; the rest are the training images, of which only the chosen number per class keep their labels. The shipped autoencoder learned from Fashion-MNIST; one trained here first learns from this set’s training images.',
			budgets: 'Labels per class',
			all: 'all',
			used: '{k} ({n, plural, one {# label} other {# labels}})',
			fineTune: 'Also fine-tune the encoder',
			manifold: 'Also join the code with its UMAP map (about a minute more)',
			testCount: 'Test images',
			pickOne: 'Pick at least one number of labels.',
			chartTitle: 'Test accuracy against labels per class',
			xLabel: 'Labels per class',
			yLabel: 'Test accuracy',
			methods: {
				raw: 'Raw pixels',
				pca: 'PCA (32)',
				frozen: 'Encoder (frozen)',
				manifold: 'Encoder + UMAP map',
				finetuned: 'Encoder (fine-tuned)'
			},
			done: 'Took {seconds} s; code size {code}; {classes} classes, {train} training images, scored on {test} test images.'
		},
		similar: {
			title: 'Find similar',
			intro:
				'Index training images by their autoencoder code (K-Means splits the codes into clusters, which also serve as an inverted-file index), then pick an image to see its nearest neighbours in code space next to its nearest neighbours in pixel space.',
			subset: 'Training images indexed',
			metric: 'Distance',
			cosine: 'Cosine',
			euclidean: 'Euclidean',
			clusters: 'Clusters',
			k: 'Neighbours',
			nprobe: 'Clusters searched',
			built: 'Indexed {n} images ({code}-number codes) in {seconds} s.',
			pick: 'Pick a test image',
			query: 'Test image {i}',
			latent: 'Code space: {same} of {k} share its label; {ms} ms, {scanned} of {n} codes compared',
			pixel: 'Pixel space: {same} of {k} share its label; {ms} ms, all {n} images compared',
			clustersTitle: 'Clusters K-Means finds in code space',
			nmi: 'Agreement with the true classes (NMI): {nmi}',
			clusterGrid: 'One cluster per row: the members nearest its centre',
			clusterRow: '{size} images, mostly {label} ({share} %)'
		},
		compress: {
			title: 'Compression',
			intro:
				'The autoencoder stores an image as its code, each number quantised to a few bits. Next to it: the browser’s own JPEG and WebP at the quality whose file comes closest to the same number of bytes.',
			image: 'Test image (0–9999)',
			bits: 'Bits per code number',
			original: 'Original',
			ae: 'Autoencoder code',
			bytes: '{bytes} bytes',
			quality: 'quality {q}',
			overBudget: 'cannot get this small: lowest quality shown',
			mean: 'Autoencoder at {bits} bits over 500 test images: mean PSNR {psnr} dB.'
		}
	}
};

/** The shape every locale must have. */
export type Messages = typeof en;
