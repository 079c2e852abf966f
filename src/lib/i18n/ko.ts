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
		explore: '탐색',
		uses: '활용',
		photos: '사진',
		generate: '생성',
		models: '내 모델',
		settings: '설정',
		main: '주 메뉴'
	},
	home: {
		lead: 'K-평균, PCA, 오토인코더, VAE, GAN을 브라우저에서 내 데이터로 바로 학습합니다. 설치할 것도 없고 오프라인에서도 동작합니다.',
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
		uses: {
			title: '활용',
			body: '학습된 표현의 쓸모: 적은 레이블로 분류하고, 비슷한 이미지를 찾고, 압축합니다.'
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
		idle: '필요할 때 시작',
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
		full: {
			needed: '저장하지 못한 체크포인트에는 {size}가 필요합니다.',
			perModel: '저장된 모델별 사용 공간:',
			thisRun: '지금 학습 중',
			confirm: '“{name}” 모델과 모든 체크포인트를 완전히 삭제할까요?',
			then: '필요 없는 모델을 삭제한 뒤(먼저 내보내도 됩니다) ‘계속’을 누르세요.'
		},
		stopUnsaved:
			'학습을 멈출 때 저장 공간이 가득 차 있었습니다. 마지막 체크포인트({step}단계) 이후의 단계는 저장하지 못했습니다. 내 모델에서 공간을 확보하세요.',
		storageFull:
			'저장 공간이 가득 찼습니다. 학습을 일시 정지했으며 지금까지 저장된 내용은 그대로입니다. 내 모델에서 공간을 비운 뒤 이어가세요.',
		reproduce: '주소창의 링크로 이 설정을 그대로 재현할 수 있습니다.',
		open: '열기'
	},
	models: {
		storage: '저장 공간: {quota} 중 {used} 사용',
		persist: '데이터 보존 (영구 저장소)',
		persisted: '영구 저장소가 허용되었습니다. 브라우저가 모델을 지우지 않습니다.',
		notPersisted:
			'허용되지 않았습니다. 공간이 부족하면 브라우저가 모델을 지울 수 있으니 중요한 모델은 내보내 두세요.',
		import: '모델 가져오기 (.zip)',
		dropHint: '내보낸 모델 파일을 여기에 끌어다 놓아도 됩니다.',
		imported: '“{name}”을(를) 가져왔습니다.',
		importFailed: '가져오기에 실패했습니다. 아무것도 바뀌지 않았습니다.',
		tooLarge: '{name} 파일이 너무 커서 가져올 수 없습니다.',
		deleted: '“{name}”을(를) 삭제했습니다.',
		undo: '되돌리기',
		empty: '아직 모델이 없습니다. 하나를 학습하면 여기에 나타납니다.',
		thumbAlt: '{name}의 최근 샘플',
		steps: '{n} 단계',
		generate: '생성',
		usePhotos: '사진 스튜디오에서 사용',
		continue: '이어서 학습',
		rename: '이름 바꾸기',
		renamePrompt: '새 이름',
		duplicate: '복제',
		export: '내보내기',
		share: '공유',
		delete: '삭제',
		'dense-ae': {
			title: '완전 연결 오토인코더',
			body: '784개 픽셀을 작은 코드로 압축했다가 복원하는 과소완전 오토인코더입니다. 잠재 크기 2로 하면 평면에 그릴 수 있습니다.'
		},
		'stacked-ae': {
			title: '적층 오토인코더',
			body: '깊은 오토인코더(512-256-128)로, 디코더가 인코더 가중치의 전치를 재사용할 수 있습니다(가중치 묶기).'
		},
		vae: {
			title: '변분 오토인코더',
			body: '각 이미지를 가우시안으로 인코딩하고 재매개변수화 기법으로 샘플링하며 새 이미지를 생성합니다 (Kingma & Welling, 2013).'
		},
		gan: {
			title: 'GAN (MLP)',
			body: '완전 연결 신경망으로 만든 원래의 생성적 적대 신경망입니다 (Goodfellow 외, 2014).'
		},
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
		},
		stylizer: {
			title: '빠른 스타일 변환기',
			body: '사진 스튜디오에서 한 가지 스타일로 학습한 피드포워드 스타일 변환 네트워크(Johnson 외, 2016).'
		}
	},
	params: {
		hidden: '은닉 유닛',
		tiedWeights: '가중치 묶기',
		beta: 'β (KL 가중치)',
		latentSize: '잠재 크기',
		learningRate: '학습률',
		noise: '잡음',
		noiseLevel: '잡음 세기 (σ 또는 비율)',
		labelSmoothing: '단측 레이블 스무딩 (0.9)',
		steps: '학습 단계',
		batchSize: '배치 크기',
		seed: '시드'
	},
	generate: {
		lead: '사전 학습된 모델이나 내가 학습한 생성 모델에서 새 이미지를 뽑고, 두 잠재점 사이를 걸으며, 잠재 슬라이더를 움직여 보세요.',
		pretrained: '사전 학습',
		yours: '내 모델',
		none: '아직 생성 모델이 없습니다. 먼저 GAN, DCGAN, VAE 중 하나를 학습하세요.',
		noneOffline:
			'직접 학습한 GAN, DCGAN, VAE 모델은 오프라인에서도 쓸 수 있습니다. 여기에서 하나를 학습하세요.',
		catalogueOffline:
			'사전 학습된 모델을 불러오지 못했습니다. 서버에 닿을 수 없습니다(오프라인?). 다시 온라인이 되면 여기에 나타납니다.',
		model: '모델',
		new: '새 샘플',
		download: 'PNG 내려받기',
		gridLabel: '샘플 64개, 시드 {seed}',
		interpolate: '잠재 공간 보간',
		toSeed: '목표 시드',
		walk: '보간하기',
		frames: '보간 프레임 (slerp)',
		play: '재생',
		stop: '정지',
		animation: '애니메이션',
		sliders: '잠재 슬라이더 ({total}차원 중 {shown}개)',
		sliderImage: '첫 번째 샘플의 앞쪽 차원에 슬라이더 값을 넣은 이미지'
	},
	share: {
		title: '“{name}” 공유',
		explain:
			'이 모델을 올리면 어느 기기에서나 Latent Lab으로 열 수 있는 링크가 생깁니다. 사진은 절대 포함되지 않습니다.',
		upload: '올리고 링크 받기',
		uploading: '올리는 중…',
		ready: '이 링크가 있으면 누구나 모델을 열 수 있습니다:',
		link: '공유 링크',
		copy: '링크 복사',
		copyFailed: '복사하지 못했습니다. 링크를 선택해 두었으니 직접 복사하세요.',
		copied: '복사됨',
		system: '공유…',
		stop: '공유 중지',
		close: '닫기',
		shared: '공유된 모델',
		kind: '모델',
		dataset: '데이터셋',
		size: '크기',
		date: '공유 날짜',
		open: 'Latent Lab에서 열기',
		downloading: '모델 내려받는 중…',
		missingTitle: '이 모델을 열 수 없습니다',
		missingBody: '링크가 잘못되었거나 주인이 공유를 멈췄을 수 있습니다.',
		offlineTitle: '오프라인 상태입니다',
		offlineBody: '이 공유 모델은 서버에 있습니다. 다시 온라인이 되면 여기에서 바로 열립니다.',
		retry: '다시 시도'
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
		storage: '저장 공간',
		speedTest: '학습 속도 측정',
		cancel: '취소',
		speedCaption: '초당 학습 샘플 수, 배치 {batch}, 기본 모델',
		speedModel: '모델',
		speedRate: '샘플/초',
		speedMemory: '텐서 메모리'
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
	photos: {
		title: '사진 스튜디오',
		lead: '신경망으로 내 사진의 노이즈를 없애고 화풍을 입힙니다. 모든 처리는 이 기기에서 이루어지며, ‘서버에서 처리’를 고르지 않는 한 사진은 밖으로 나가지 않습니다.',
		choose: '사진 선택',
		camera: '사진 찍기',
		dropHint: '또는 JPEG, PNG, WebP 파일을 여기에 끌어다 놓거나 붙여 넣으세요 (Ctrl+V)',
		empty:
			'사진을 고르면 여기에 나타나고, 노이즈를 없앤 결과나 화풍을 입힌 결과가 옆에 나란히 보입니다. 큰 휴대폰 사진도 타일로 나눠 원래 크기 그대로 처리합니다.',
		opening: '사진을 여는 중…',
		photoInfo: '{name} · {width} × {height} · 추정 노이즈 σ ≈ {sigma}',
		rotated: 'EXIF 방향 정보({o})에 따라 바로 세웠습니다.',
		tools: '도구',
		denoise: '노이즈 제거',
		stylize: '화풍 입히기',
		model: '노이즈 제거 모델',
		noise: '노이즈 수준',
		auto: '자동 (추정 σ ≈ {sigma})',
		manual: 'σ 직접 지정',
		sigma: 'σ = {sigma}',
		blind: '이 모델은 노이즈 수준을 스스로 찾습니다 (추정 σ ≈ {sigma}).',
		run: '노이즈 제거',
		runStyle: '화풍 입히기',
		cancel: '취소',
		loadingModel: '노이즈 제거 모델을 불러오는 중…',
		downloading: '모델 가중치를 내려받는 중…',
		starting: '연산 백엔드를 시작하는 중…',
		running: '타일 {done}/{total} 처리 중',
		done: '{seconds}초 만에 완료 (타일 {tiles}개{passes, plural, one {} other {, 타일마다 #번}}, 초당 {mps}메가픽셀, σ = {sigma}).',
		bestQuality: '최고 품질: 뒤집고 돌린 8번의 결과를 평균 (8배 느림)',
		bestQualityHint:
			'신경망은 뒤집거나 돌린 사진에 조금씩 다르게 답합니다. 8개의 답을 각각 되돌려 평균하면 남는 노이즈가 줄어듭니다 (배포된 흑백 모델에서 약 +0.2 dB). 이 기기에서만 됩니다.',
		cancelled: '취소했습니다.',
		loadingModels: '게시된 노이즈 제거 모델을 찾는 중…',
		noDenoiser:
			'이 서버에는 아직 노이즈 제거 모델 가중치가 게시되지 않아 노이즈 제거를 쓸 수 없습니다. 모델을 학습해 게시하면 바로 여기에 나타납니다.',
		catalogueError: '모델 목록을 불러오지 못했습니다: {reason}.',
		noVgg:
			'Gatys 등의 화풍 입히기에 쓰는 ImageNet VGG19 가중치가 이 서버에 설치되어 있지 않아, VGG 없는 무작위 특징만 쓸 수 있습니다. 여기서 설치하세요: 서버가 Keras 공식 파일(80 MB)을 내려받아 공개된 md5를 확인하고, 모두가 쓸 수 있도록 26 MB float16 사본을 보관합니다. 관리자는 아래 명령으로도 설치할 수 있습니다.',
		trainStylizer: {
			title: '이 스타일의 빠른 스타일 변환기 학습',
			intro:
				'선택한 스타일을 작은 네트워크(파라미터 27만 6천 개, 배포된 변환기와 같은 방법)에 이 기기에서 사진의 조각들로 학습시킵니다. 노트북에서 한 단계에 1~2초가 걸립니다. 사진 한 장으로 300단계를 학습하면 스타일의 색과 붓질로 그리지만 형태는 흐트러집니다. 수백 장의 사진으로 1,140단계를 학습한 배포된 변환기는 형태를 더 잘 지킵니다. 언제든 멈출 수 있습니다. 30초마다, 그리고 멈출 때 저장되므로 새로 고치거나 오프라인이 되어도 나중에 이어서 학습할 수 있습니다. 결과는 “빠른 방법”과 내 모델에 나타나며, 공유할 수 있습니다.',
			needPhoto: '먼저 사진을 여세요. 변환기는 그 사진으로 학습합니다.',
			steps: '학습 단계 수',
			name: '이름',
			defaultName: '스타일 변환기 · {style}',
			lossNetwork: '손실 네트워크: {network}.',
			morePhotos: '학습할 사진 더 추가하기 (최대 {n}장)…',
			morePhotosChosen: '+ 사진 {count}장',
			clearPhotos: '지우기',
			start: '스타일 변환기 학습',
			stop: '멈추고 저장',
			resume: '“{name}” 이어서 학습 ({steps}단계 중 {step}단계)',
			more: '“{name}” {n}단계 더 학습',
			preparing: '학습을 준비하는 중…',
			running: '스타일 변환기 학습 중: {total}단계 중 {step}단계',
			losses: '{step}단계: 스타일 손실 {style}, 내용 손실 {content}',
			saved: '{step}단계에서 저장했습니다.',
			previewAlt: '학습 중인 변환기를 거친 사진 ({step}단계)',
			done: '“{name}” 학습 완료 ({seconds}초 동안 {step}단계). 위에서 “빠른 방법”을 고르면 쓸 수 있습니다.',
			stopped:
				'{steps}단계 중 {step}단계에서 멈추고 저장했습니다. 새로 고친 뒤에도 언제든 이어서 학습할 수 있습니다.',
			storageFull: '저장 공간이 가득 차서 마지막으로 저장한 단계에서 학습을 멈췄습니다: {detail}',
			failed: '학습에 실패했습니다: {detail}'
		},
		modelPsnr: '검증 사진에서 σ = 25일 때 {db} dB',
		myDenoisers: '내 잡음 제거 오토인코더',
		myDenoiserHint:
			'실습실에서 직접 학습한 잡음 제거 오토인코더입니다. 28 × 28 Fashion-MNIST 이미지(또는 내 이미지 모음)로 배웠기 때문에 사진을 28픽셀 조각으로, 색 채널마다 따로 처리하며 결과가 부드럽습니다. 배포된 잡음 제거 모델은 자연 사진으로 학습했습니다. 이 기기에서만 실행됩니다.',
		vggInstall: {
			button: 'VGG19 설치 (약 26 MB)',
			starting: '설치를 시작하는 중…',
			upload: '파일을 서버로 보내는 중…',
			download: '서버가 공식 파일을 내려받는 중…',
			check: '공개된 md5로 파일을 확인하는 중…',
			convert: '가중치를 float16으로 변환하는 중…',
			store: '가중치를 저장하는 중…',
			chooseHint: '{file} 파일이 있으면 여기서 고르세요. 그 파일을 서버로 보냅니다.',
			official: '공식 파일',
			errors: {
				source_unreachable:
					'서버가 공식 파일을 내려받지 못했습니다. 이 기기에 있는 파일을 대신 고르세요.',
				not_official: '공식 VGG19 파일이 아닙니다: md5가 Keras가 공개한 값과 다릅니다.',
				import_failed: '가중치를 가져오지 못했습니다: {detail}',
				too_large: 'VGG19 가중치 파일보다 큰 파일입니다.',
				offline: '서버에 연결할 수 없습니다. 인터넷에 연결되어 있나요?',
				server: '서버에 문제가 생겼습니다: {detail}',
				aborted: '설치를 취소했습니다.'
			},
			choose: '.h5 파일 고르기…'
		},
		styles: '기본 화풍 (저작권이 만료된 명화)',
		before: '전',
		after: '후',
		divider: '전/후 구분선',
		zoomIn: '확대',
		zoomOut: '축소',
		fit: '맞춤',
		download: '내려받기',
		format: '형식',
		png: 'PNG (무손실)',
		jpeg: 'JPEG',
		downloadHint: '원본 해상도: {width} × {height}.',
		privacy:
			'‘서버에서 처리’를 고르지 않는 한 아무것도 업로드하지 않습니다. 모델 가중치만 내려받습니다.',
		style: {
			onServer: '서버의 {model} (서버에서 {ms} ms)',
			serverHint:
				'켜면: 사진을 {side} px로 줄여 Latent Lab 서버로 보내 화풍을 입혀 돌려받습니다. 서버는 아무것도 보관하지 않습니다.',
			method: '방법',
			optimise: '그림을 최적화 (Gatys 등)',
			optimiseHint: 'Adam이 사진을 조금씩 바꿔 특징이 그림과 맞게 합니다: 어떤 화풍이든, 1~2분.',
			fast: '빠르게: 미리 학습한 신경망 (Johnson 등)',
			fastHint: '그림 하나에 맞춰 학습한 신경망을 한 번 통과: 1초 남짓, 더 큰 그림도.',
			noStylizer:
				'이 서버에는 아직 빠른 화풍 신경망이 없습니다 (npm run pretrain -- stylizer-<style>로 만듭니다).',
			stylizer: '화풍 신경망',
			mine: '직접 학습 ({steps}단계)',
			trainedRandom: 'VGG 없는 무작위 특징으로 학습',
			trainedVgg: 'VGG19로 학습',
			doneFast:
				'{stylizer}(으)로 {width} × {height} 크기에 {seconds}초 만에 화풍을 입혔습니다 (한 번 통과).',
			network: '특징 추출 신경망',
			vgg: 'VGG19 (ImageNet)',
			vggHint: 'Gatys 등 (2016): 내용은 conv4_2, 화풍은 conv1_1…conv5_1의 그람 행렬.',
			vggMissing: '이 서버에 설치되어 있지 않습니다 (아래 참고).',
			random: '무작위 다중 스케일 특징 (VGG 없이)',
			randomHint:
				'학습하지 않은 무작위 합성곱의 네 스케일 그람 행렬 (Ustyuzhaninov 등, 2017을 따름). 그림의 색과 붓질은 옮기지만 형태는 옮기지 못합니다: VGG19보다 약한 대안이며 그렇게 표시합니다.',
			own: '내 이미지를 화풍으로 쓰기…',
			settings: '설정',
			size: '결과 크기',
			sizeOption: '긴 변 {size} px',
			iterations: '반복 횟수 (이미지에 대한 Adam 단계)',
			styleWeight: '화풍 가중치',
			contentWeight: '내용 가중치',
			smoothWeight: '매끄러움 (총변동)',
			stop: '멈추기',
			finish: '결과',
			strength: '화풍 강도',
			keepColours: '사진의 색 유지',
			loading: '특징 추출 신경망을 준비하는 중…',
			running: '화풍 입히는 중: {total}단계 중 {done}단계',
			losses: '{step}단계: 내용 손실 {content}, 화풍 손실 {style}, 총변동 {tv}',
			done: '{network}(으)로 {width} × {height} 크기에 화풍을 입혔습니다: {total}단계, {seconds}초.',
			stopped:
				'{total}단계 중 {step}단계에서 멈췄습니다 ({seconds}초): 그때까지의 그림이 결과입니다.',
			downloadHint:
				'{width} × {height} 크기로 입혔습니다: 화풍 입히기는 모든 화소를 최적화하므로 위에서 고른 크기로 실행됩니다.',
			downloadHintFast:
				'{width} × {height} 크기로 입혔습니다: 사진 크기 그대로이며, 사진이 더 크면 위에서 고른 크기입니다.'
		},
		server: {
			offer:
				'이 브라우저는 WebGPU도 WebAssembly도 쓸 수 없어 ({why}) 여기서는 일반 CPU로 아주 느리게 노이즈를 없앱니다. 대신 이 사진을 Latent Lab 서버로 보낼까요? 서버에서 처리해 돌려보내며, 서버는 아무것도 보관하지 않습니다.',
			useServer: '서버에서 처리',
			useCpu: '이 기기에서 계속 (느림)',
			chosen: '설정에서 선택함',
			suggest:
				'이 기기는 CPU로만 계산하므로({why}) 여기서 노이즈를 없애면 느립니다. ‘서버에서 처리’가 대개 훨씬 빠릅니다.',
			label: '서버에서 처리',
			hint: '끄면 모든 처리가 이 기기에서 이루어집니다. 켜면 이 사진을 Latent Lab 서버로 보내 노이즈를 없앤 뒤 돌려받으며, 서버는 아무것도 보관하지 않습니다. 느린 기기용이며 1024 × 1024 이하의 사진만 됩니다.',
			uploading: '사진을 서버로 보내는 중…',
			processing: '서버에서 사진을 처리하는 중…',
			downloading: '결과를 받는 중…',
			done: '서버에서 {model} 모델로 {seconds}초 만에 노이즈를 없앴습니다 (서버 처리 {ms} ms).',
			errors: {
				'too-large': '서버에서 처리하기에 너무 큽니다: {detail}. 이 기기에서 처리하세요.',
				busy: '서버가 바쁩니다 (요청이 너무 많음). {seconds}초 뒤에 다시 시도하거나 이 기기에서 처리하세요.',
				unreadable: '서버가 이 사진을 읽지 못했습니다: {detail}',
				'no-model': '서버에 그런 노이즈 제거 모델이 없습니다: {detail}',
				offline: '서버에 연결할 수 없습니다 (오프라인?). 이 기기에서 처리하세요.',
				server: '서버에서 오류가 났습니다: {detail}',
				aborted: '취소했습니다.'
			}
		},
		errors: {
			empty: '빈 파일입니다.',
			unsupported: 'JPEG, PNG, WebP 이미지가 아니어서 열 수 없습니다.',
			heic: 'HEIC 사진(iPhone 카메라의 형식)은 브라우저에서 열 수 없습니다. 먼저 JPEG로 공유하거나 내보내세요. iPhone에서는 설정 → 카메라 → 포맷 → 높은 호환성을 고르면 카메라가 JPEG로 저장합니다.',
			corrupt: '이미지 파일이 손상되었거나 불완전해서 열 수 없습니다.',
			'too-large': '사진이 너무 큽니다: {detail}',
			'too-small': '사진이 너무 작습니다: {detail}',
			'no-weights': '아직 게시된 노이즈 제거 모델 가중치가 없습니다.',
			'no-vgg':
				'VGG19 화풍 입히기에는 가중치가 필요한데 이 서버에는 없습니다. VGG 없는 무작위 특징을 고르거나 관리자에게 VGG19 설치를 요청하세요.',
			generic: '문제가 발생했습니다: {detail}'
		}
	},
	lossValue: '손실 {loss}',
	eta: {
		seconds: '{s}초 남음',
		minutes: '{m}분 {s}초 남음',
		hours: '{h}시간 {m}분 남음'
	},
	explore: {
		title: '탐색',
		lead: '오래 학습할 필요가 없는 모델들 — K-평균, PCA, 이상 탐지기, 매니폴드 임베딩 — 을 기기에서 바로 계산합니다.',
		run: '실행',
		cancel: '취소',
		cancelled: '취소했습니다.',
		locked: '이 페이지의 다른 작업이 실행 중입니다. 그 작업이 끝나면 시작할 수 있습니다.',
		loadingData: 'Fashion-MNIST 내려받는 중…',
		running: '계산 중…',
		scoring: '테스트 이미지 점수 매기는 중…',
		failed: '문제가 생겼습니다: {detail}',
		seed: '시드',
		seconds: '{seconds}초 걸렸습니다.',
		kmeans: {
			title: 'K-평균 군집화',
			intro: '레이블을 보지 않고 비슷한 이미지끼리 묶습니다. 레이블은 군집을 평가할 때만 씁니다.',
			features: '무엇으로 묶을까',
			pixels: '픽셀 (이미지당 784개 값)',
			codes: '사전 학습된 합성곱 오토인코더의 코드 (32개 값)',
			n2d: '그 코드를 UMAP으로 임베딩한 공간 (N2D, McConville 외 2019)',
			featuresHint:
				'K-평균은 둥근 군집을 가정합니다. 오토인코더의 코드는 픽셀보다 클래스를 잘 모으고, UMAP은 각 클래스의 휘어진 매니폴드를 먼저 작은 덩어리로 끌어모으므로 K-평균이 클래스를 더 자주 찾습니다. 이때 그림은 각 군집의 평균 이미지입니다. UMAP은 이미지를 최대 10,000장까지 씁니다.',
			subset: '학습 이미지 수',
			k: '군집 수 (k)',
			steps: '미니배치 단계',
			centroids: '군집 중심(센트로이드) 이미지',
			means: '각 군집의 평균 이미지',
			nmi: 'NMI',
			ari: 'ARI',
			accuracy: '군집 정확도',
			inertia: '관성'
		},
		pca: {
			title: '주성분 분석',
			intro: '분산이 가장 큰 방향을 찾습니다. 성분 몇 개만으로도 그림 대부분이 남습니다.',
			subset: '학습 이미지 수',
			curve: '누적 설명 분산',
			components: '성분 수',
			variance: '남은 분산',
			k: '성분 수 k: {k}',
			kept: '분산의 {percent} % 유지',
			originals: '테스트 이미지',
			reconstructions: '성분 {k}개로 복원',
			mse: 'k = {k}일 때 복원 MSE: {mse}',
			scatter: '처음 두 성분 위의 테스트 이미지 (점을 가리키면 이미지가 보입니다)'
		},
		anomaly: {
			title: '이상 탐지',
			intro:
				'한 클래스를 빼고 학습한 오토인코더는 그 클래스를 잘 복원하지 못합니다. 그 복원 오차로 이상을 찾아냅니다.',
			class: '뺀 (이상) 클래스',
			steps: '학습 단계',
			auc: 'AUC: {auc}',
			roc: 'ROC 곡선',
			fpr: '거짓 양성 비율',
			tpr: '참 양성 비율',
			top: '가장 이상한 테스트 이미지 8개',
			means: '평균 오차: 정상 {normal}, 이상 {anomaly}'
		},
		manifold: {
			title: '매니폴드: PCA와 오토인코더',
			intro:
				'3차원 점 구름을 2차원으로 줄입니다. PCA는 납작하게 누를 뿐이지만 작은 비선형 오토인코더는 S자 곡면처럼 완만하게 휜 면을 펼칠 수 있습니다. 단단히 말린 스위스 롤에서는 보통의 오토인코더가 대개 층을 서로 겹쳐 접어 버립니다. 손실 함수에 이웃을 가깝게 유지하는 항이 없어 경사 하강법이 접힌 상태에서 멈추기 때문입니다. 네 번째 그림은 같은 오토인코더에 코드를 Isomap 임베딩(10-최근접 이웃 그래프를 따른 측지 거리) 쪽으로 당기는 항을 하나 더한 것입니다. 면을 펼치고, 더 잘 복원하며, 새 점도 인코더 한 번으로 놓습니다. Isomap이라면 그래프를 다시 탐색해야 합니다. 꽃봉오리는 휜 평면이 아니라 컵 모양이라, 여기서는 Isomap 항이 오히려 복원을 희생시킵니다. 색은 매니폴드 위의 위치를 따릅니다.',
			kind: '모양',
			'swiss-roll': '스위스 롤',
			's-curve': 'S자 곡선',
			'flower-bud': '꽃봉오리',
			points: '점 수',
			steps: '오토인코더 단계',
			input: '3차원 입력 (끌거나 화살표 키로 회전)',
			pca: 'PCA (선형)',
			ae: '오토인코더 (잠재 2차원)',
			grae: '오토인코더 + Isomap 항 (GRAE)',
			graeCite: 'λ = 1 · Duque 외 2022, “Geometry Regularized Autoencoders”',
			noGrae: 'Isomap 그림 없음: {reason}',
			kept: '유지된 이웃: {pct} %',
			keptHelp:
				'평평하게 편 면에서 각 점의 가장 가까운 이웃 10개 중 이 그림에서도 가장 가까운 10개 안에 남은 비율입니다 (100 % = 완전히 펼침).',
			loss: '복원 오차 (MSE): 오토인코더 {loss}',
			graeLoss: 'Isomap 항 포함 {loss}'
		}
	},
	lab: {
		latent: {
			title: '잠재 공간',
			direct: '테스트 이미지 {n}개의 2차원 코드 (단계 {step}). 색 = 클래스.',
			pca: '테스트 이미지 {n}개, 잠재 크기 {size}를 PCA로 표시 (분산의 {share} %), 단계 {step}. 색 = 클래스.',
			view2d: '2차원',
			view3d: '3차원',
			viewLabel: '보기',
			direct3:
				'테스트 이미지 {n}개의 3차원 코드 (단계 {step}), 돌아가는 카메라로 봅니다. 색 = 클래스.',
			pca3: '테스트 이미지 {n}개, 잠재 크기 {size}를 3차원 PCA로 표시 (분산의 {share} %), 단계 {step}. 색 = 클래스.',
			turn: '돌리기',
			tilt: '기울이기',
			legend: '클래스',
			scatterLabel: '잠재 산점도: 점을 가리키면 이미지가 보입니다. 화살표 키로 이동, Enter로 선택',
			refresh: '지금 새로 고침',
			refreshing: '인코딩 중…',
			waiting: '첫 샘플과 함께 산점도가 나타납니다.',
			pickHint: '두 이미지를 고르면 (클릭, 또는 선택한 점에서 Enter) 두 코드 사이를 걸어 봅니다.',
			random: '무작위 이미지 두 개',
			clear: '지우기',
			from: '처음',
			to: '끝',
			frames: '첫 이미지에서 두 번째 이미지까지 디코딩한 프레임',
			failed: '계산하지 못했습니다: {message}'
		},
		collapse: {
			title: '모드 붕괴 검사',
			intro: '생성한 샘플 {n}개를 프로젝트의 Fashion-MNIST 분류기로 분류한 결과 (단계 {step}).',
			covered:
				'클래스 {classes}개 중 {covered}개를 덮습니다. 가장 많은 클래스는 {top} ({share} %).',
			ok: '붕괴 없음: 샘플이 여러 클래스에 퍼져 있습니다.',
			warning: '모드 붕괴: 생성기가 몇 가지 물건만 만듭니다.',
			early:
				'시작 직후에는 샘플이 아직 잡음이라 당연합니다. 오래 계속되거나 학습 후반에 다시 나타날 때가 문제입니다.',
			fewClasses: '샘플의 {minShare} % 이상을 가진 클래스가 {min}개보다 적습니다.',
			dominant: '한 클래스가 샘플의 {maxShare} %보다 많습니다.',
			unavailable: '분류기를 불러오지 못해 검사를 끕니다 ({message}).',
			waiting: '첫 샘플과 함께 히스토그램이 나타납니다.',
			notFashion: '이 검사는 Fashion-MNIST 클래스를 쓰므로 내 이미지에서는 꺼집니다.'
		},
		data: {
			title: '데이터셋',
			fashion: 'Fashion-MNIST (이미지 60,000개)',
			mine: '내 이미지',
			set: '{name} (이미지 {n}개)',
			setLabelled: '{name} (이미지 {n}개, 클래스 {classes}개)',
			pickFiles: '이미지 고르기…',
			pickFolder: '폴더 고르기…',
			hint: '이미지는 정사각형으로 잘라 28×28 흑백으로 줄입니다. 배경이 밝으면 Fashion-MNIST처럼 반전합니다. 이미지는 이 기기에만 남습니다.',
			hintClasses:
				'클래스마다 하위 폴더가 하나씩 있는 폴더(예: shoes/boots, shoes/sandals)는 레이블과 함께 가져오며, 사용 페이지의 적은 레이블 분류에 쓸 수 있습니다.',
			importing: '이미지를 읽는 중…',
			imported: '파일 {total}개 중 {n}개를 학습 이미지로 만들었습니다.',
			labelled: '폴더로 레이블을 붙였습니다: 클래스 {classes}개 ({names}).',
			skipped: '파일 {n}개를 건너뛰었습니다:',
			none: '파일 {total}개 중 쓸 수 있는 것이 없습니다.',
			remove: '{name} 지우기',
			missing:
				'이 모델이 학습한 이미지 묶음이 이 기기에 더 이상 없습니다. 이미지를 다시 골라 주세요.'
		}
	},
	soon: {
		title: '준비 중',
		body: '이 실험실은 만들고 있는 중입니다. 다른 실험실은 지금 쓸 수 있습니다.'
	},
	uses: {
		title: '활용',
		lead: '학습된 표현이 어디에 쓸모 있는지 이 기기에서 직접 측정합니다: 아주 적은 레이블로 분류하기, 비슷한 이미지 찾기, 이미지를 짧은 코드로 압축하기.',
		loadingModel: '오토인코더를 불러오는 중…',
		trainingAe: '레이블 없는 이미지로 오토인코더를 학습하는 중…',
		mapping: 'UMAP으로 코드를 매핑하는 중…',
		ae: {
			title: '오토인코더',
			pretrained: '기본 제공 합성곱 오토인코더 (사전 학습, 32개 숫자 코드)',
			quick: '여기서 합성곱 오토인코더를 먼저 학습',
			mine: '내 모델: {name}',
			steps: '학습 스텝',
			note: '아래의 모든 섹션이 이 오토인코더를 사용합니다. 오토인코더는 이미지만으로 학습하며 레이블은 쓰지 않습니다. 학습 실험실에서 직접 학습한 오토인코더와 VAE도 여기에 나타납니다(VAE의 코드는 평균 μ).'
		},
		few: {
			title: '적은 레이블 분류',
			intro:
				'학습 이미지 중 몇 장에만 레이블이 있다고 가정합니다. 작은 분류기(소프트맥스 회귀)가 원본 픽셀, PCA 성분 32개, 오토인코더 코드(고정 또는 인코더와 함께 미세 조정)로 학습합니다. 레이블 없는 이미지는 PCA와 오토인코더를 맞추는 데만 씁니다. Fashion-MNIST에서는 코드만으로는 거의 또는 전혀 도움이 되지 않습니다. 오토인코더는 이미지마다 가장 크게 달라지는 것(밝기, 윤곽)을 담는데, 그것이 늘 클래스를 가르는 것은 아닙니다. 코드에 UMAP 지도(N2D 군집과 같은 방식)를 붙이면 더 도움이 되며, 클래스당 레이블이 하나일 때 가장 큽니다. 이 지도는 레이블 없는 이미지(레이블을 뺀 테스트 이미지 포함)의 코드로 만들며, 그 이미지들을 따라 각 클래스의 휘어진 모양을 따라갑니다.',
			dataset: '이미지',
			fashion: 'Fashion-MNIST (클래스 10개)',
			userSet: '{name} (클래스 {classes}개, 이미지 {n}개)',
			ownHint:
				'내 레이블 이미지를 쓰려면, 아무 학습 실험실에서 클래스마다 하위 폴더가 하나씩 있는 폴더를 가져오세요(데이터셋 → 폴더 고르기…). 그러면 여기에 나타납니다.',
			heldOut:
				'클래스마다 4분의 1을 테스트 이미지로 떼어 둡니다. 나머지가 학습 이미지이며, 그중 고른 수만큼만 클래스당 레이블을 남깁니다. 함께 제공되는 오토인코더는 Fashion-MNIST로 학습했고, 여기서 먼저 학습하는 오토인코더는 이 묶음의 학습 이미지로 학습합니다.',
			budgets: '클래스당 레이블 수',
			all: '전부',
			used: '{k} (레이블 {n}개)',
			fineTune: '인코더도 미세 조정',
			manifold: '코드에 UMAP 지도도 붙여 보기 (약 1분 더 걸림)',
			testCount: '테스트 이미지 수',
			pickOne: '레이블 수를 하나 이상 고르세요.',
			chartTitle: '클래스당 레이블 수에 따른 테스트 정확도',
			xLabel: '클래스당 레이블 수',
			yLabel: '테스트 정확도',
			methods: {
				raw: '원본 픽셀',
				pca: 'PCA (32)',
				frozen: '인코더 (고정)',
				manifold: '인코더 + UMAP 지도',
				finetuned: '인코더 (미세 조정)'
			},
			done: '{seconds}초 걸림; 코드 크기 {code}; 클래스 {classes}개, 학습 이미지 {train}장, 테스트 이미지 {test}장으로 평가.'
		},
		similar: {
			title: '비슷한 이미지 찾기',
			intro:
				'학습 이미지를 오토인코더 코드로 색인합니다(K-평균이 코드를 군집으로 나누고, 이 군집이 역파일 색인 역할도 합니다). 이미지를 고르면 코드 공간의 최근접 이웃과 픽셀 공간의 최근접 이웃을 나란히 보여 줍니다.',
			subset: '색인할 학습 이미지 수',
			metric: '거리',
			cosine: '코사인',
			euclidean: '유클리드',
			clusters: '군집 수',
			k: '이웃 수',
			nprobe: '탐색할 군집 수',
			built: '이미지 {n}장({code}개 숫자 코드)을 {seconds}초에 색인했습니다.',
			pick: '테스트 이미지를 고르세요',
			query: '테스트 이미지 {i}',
			latent: '코드 공간: {k}개 중 {same}개가 같은 레이블; {ms} ms, 코드 {n}개 중 {scanned}개 비교',
			pixel: '픽셀 공간: {k}개 중 {same}개가 같은 레이블; {ms} ms, 이미지 {n}장 모두 비교',
			clustersTitle: '코드 공간에서 K-평균이 찾은 군집',
			nmi: '실제 클래스와의 일치도(NMI): {nmi}',
			clusterGrid: '한 줄에 군집 하나: 중심에 가장 가까운 이미지들',
			clusterRow: '이미지 {size}장, 주로 {label} ({share} %)'
		},
		compress: {
			title: '압축',
			intro:
				'오토인코더는 이미지를 코드로 저장하고, 코드의 각 숫자를 몇 비트로 양자화합니다. 옆에는 브라우저 자체의 JPEG와 WebP를 같은 바이트 수에 가장 가까운 품질로 보여 줍니다.',
			image: '테스트 이미지 (0–9999)',
			bits: '코드 숫자당 비트 수',
			original: '원본',
			ae: '오토인코더 코드',
			bytes: '{bytes}바이트',
			quality: '품질 {q}',
			overBudget: '이만큼 작게 만들 수 없음: 최저 품질을 표시',
			mean: '{bits}비트 오토인코더, 테스트 이미지 500장 평균 PSNR {psnr} dB.'
		}
	}
};
