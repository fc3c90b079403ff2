import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A fresh git repository in a temporary directory: the real checkout the fingerprint tests read. */
export function tempRepo(prefix: string): {
  root: string
  git: (...args: string[]) => string
  write: (path: string, text: string) => void
  /** Write `files` (if any), commit everything, and answer the new commit. */
  commit: (files?: Record<string, string>) => string
} {
  const root = mkdtempSync(join(tmpdir(), prefix))
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  const commit = (files: Record<string, string> = {}) => {
    for (const [path, text] of Object.entries(files)) write(path, text)
    git('add', '.')
    git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'a commit')
    return git('rev-parse', 'HEAD')
  }
  git('init', '-q')
  return { root, git, write, commit }
}
