// Kumo dashboard build. CMake runs `vite build` with KUMO_WEB_OUT set to the build tree;
// `npm run dev` proxies the API (and the events socket) to a running `kumo serve`.
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { gzipSync } from 'node:zlib'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const outDir = process.env.KUMO_WEB_OUT || 'dist'
const apiTarget = process.env.KUMO_API || 'http://127.0.0.1:8000'

// Writes NAME.gz beside every text asset so that the server can send it as is.
function precompress(): Plugin {
  const compressible = /\.(js|css|html|svg|json|ttf|map)$/
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? walk(path) : [path]
    })
  return {
    name: 'kumo-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!compressible.test(file)) continue
        const data = readFileSync(file)
        if (data.length < 1024) continue
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}

export default defineConfig({
  base: '/',
  plugins: [vue(), precompress()],
  resolve: { alias: { '@': resolve(import.meta.dirname, 'src') } },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  // Monaco's files are found only when the editor first opens; bundle them up front in dev.
  optimizeDeps: { include: ['monaco-editor/esm/vs/editor/editor.api.js'] },
  server: {
    proxy: {
      '/api': {
        target: apiTarget,
        ws: true,
        changeOrigin: true,
        // The events socket accepts only its own origin.
        configure: (proxy) => proxy.on('proxyReqWs', (request) => request.setHeader('origin', apiTarget)),
      },
    },
  },
})
