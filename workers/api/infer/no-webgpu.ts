// The Worker never has WebGPU; this empty module replaces tfjs-backend-webgpu in its bundle
// (wrangler.toml [alias]) so ~500 KiB of shader code is not shipped to the edge.
export {};
