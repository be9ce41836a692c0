import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The contract package is linked from ../../contract; let the bundler see it.
  turbopack: { root: path.join(import.meta.dirname, "..", "..") },
  outputFileTracingRoot: path.join(import.meta.dirname, "..", ".."),
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
