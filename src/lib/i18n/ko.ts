import type { Messages } from './en';

/** Korean UI text (한국어). */
export const ko: Messages = {
	app: {
		name: 'Latent Lab',
		tagline: '내 기기에서 직접 학습하는 비지도 딥러닝.',
		skip: '본문으로 건너뛰기'
	},
	nav: {
		home: '홈',
		train: '학습',
		photos: '사진',
		generate: '생성',
		models: '내 모델',
		settings: '설정',
		main: '주 메뉴'
	},
	home: {
		lead: 'K-평균, PCA, 오토인코더, VAE, GAN을 브라우저에서 내 데이터로 바로 학습합니다. 설치할 것도 없고 오프라인에서도 동작합니다.',
			'저장 공간이 가득 찼습니다. 학습을 일시 정지했으며 지금까지 저장된 내용은 그대로입니다. 내 모델에서 공간을 비운 뒤 이어가세요.',
		open: '열기',
		labs: '실험실',
		train: {
			title: '학습',
			body: 'Fashion-MNIST나 내 이미지로 군집화, 오토인코더, VAE, GAN을 학습하고 배우는 과정을 지켜보세요.'
		},
		photos: {
			title: '사진',
			body: '신경망으로 내 사진의 잡음을 없애고 화풍을 입혀 보세요. 모두 기기 안에서 처리됩니다.'
		},
		generate: {
			title: '생성',
			body: '생성 모델에서 새 이미지를 뽑고, 잠재 공간을 거닐며 보간해 보세요.'
		},
		models: {
			title: '내 모델',
			body: '학습한 모델과 체크포인트: 이어서 학습하고, 내보내고, 가져오고, 링크로 공유하세요.'
		},
		privacy: '공유를 선택하지 않는 한 사진과 데이터는 이 기기를 떠나지 않습니다.'
	},
	status: {
		backend: '연산',
		starting: '시작 중…',
		memory: '텐서',
		failed: '사용 불가'
	},
	train: {
		title: '학습',
		lead: '모델을 고르고 하이퍼파라미터를 정한 뒤, 이 기기에서 Fashion-MNIST로 학습하는 모습을 지켜보세요.',
		start: '학습 시작',
		pause: '일시 정지',
		resume: '계속',
		step: '한 단계',
		stop: '중지',
		slow: '느리게',
		params: '하이퍼파라미터',
		progress: '{total} 단계 중 {step}',
		loading: 'Fashion-MNIST 내려받는 중…',
		building: '모델 만드는 중…',
		paused: '일시 정지됨',
		done: '완료: {steps} 단계, {seconds}초',
		stopped: '{step} 단계에서 중지됨',
		throughput: '초당 {rate} 샘플',
		paramCount: '매개변수 {n}개 (가중치 약 {mb} MB)',
		samples: '{step} 단계의 샘플: {rows}',
		losses: '손실',
		unknown: '"{kind}"라는 모델은 없습니다.',
		resumeAt: '학습 이어가기 ({step} 단계)',
		saved: '{step} 단계 체크포인트 저장됨 ({size}, {ms} ms).',
		storageFull:
		reproduce: '주소창의 링크로 이 설정을 그대로 재현할 수 있습니다.',
		open: '열기'
	},
	models: {
		'conv-ae': {
			title: '합성곱 오토인코더',
			body: '스트라이드 합성곱으로 이미지를 짧은 코드로 압축하고 전치 합성곱으로 다시 복원합니다.'
		},
		'conv-dae': {
			title: '잡음 제거 오토인코더',
			body: '손상된 이미지(가우시안 또는 마스킹 잡음)에서 깨끗한 이미지를 복원하도록 배웁니다 (Vincent 외, 2008).'
		},
		dcgan: {
			title: 'DCGAN',
			body: '생성자와 판별자가 게임을 하며 생성된 옷이 진짜처럼 보일 때까지 학습합니다 (Radford 외, 2015).'
		}
	},
	params: {
		latentSize: '잠재 크기',
		learningRate: '학습률',
		noise: '잡음',
		noiseLevel: '잡음 세기 (σ 또는 비율)',
		labelSmoothing: '단측 레이블 스무딩 (0.9)',
		steps: '학습 단계',
		batchSize: '배치 크기',
		seed: '시드'
	},
	settings: {
		title: '설정',
		language: '언어',
		theme: '테마',
		themeSystem: '시스템',
		themeLight: '밝게',
		themeDark: '어둡게',
		backend: '연산 백엔드',
		backendAuto: '자동 (WebGPU → WASM → CPU)',
		backendHint:
			'백엔드를 바꾸면 연산 워커가 다시 시작됩니다. 링크에 ?backend=cpu 를 붙여도 됩니다.',
		threads: 'WASM 스레드',
		threadsAuto: '자동',
		diagnostics: '진단',
		selfTest: '자체 점검 실행',
		running: '실행 중…',
		selfTestResult: '{backend}에서 {size}×{size} 행렬곱 {ms} ms',
		isolated: '교차 출처 격리',
		yes: '예',
		no: '아니요',
		storage: '저장 공간'
	},
	backend: {
		webgpu: 'WebGPU',
		wasm: 'WASM',
		cpu: 'CPU',
		threads: '스레드 {n}개',
		simd: 'SIMD',
		fallbackAdapter: '소프트웨어 어댑터 (느림)',
		forced: '설정에서 선택됨'
	},
	update: {
		available: 'Latent Lab 새 버전이 있습니다.',
		reload: '새로 고침',
		dismiss: '나중에',
		offlineReady: '이제 오프라인에서도 Latent Lab을 쓸 수 있습니다.'
	},
	error: {
		notFound: '페이지를 찾을 수 없습니다',
		notFoundBody: '이 주소에는 아무것도 없습니다. 옮겨졌거나 링크가 잘못되었을 수 있습니다.',
		generic: '문제가 발생했습니다',
		home: '홈으로 돌아가기'
	},
	soon: {
		title: '준비 중',
		body: '이 실험실은 만들고 있는 중입니다. 다른 실험실은 지금 쓸 수 있습니다.'
	}
};
