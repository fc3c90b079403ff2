import { packageConfig } from '../../tsup.config.base'

export default packageConfig({
  index: 'src/index.ts',
  jsx: 'src/jsx.tsx',
  node: 'src/node.ts',
  testing: 'src/testing.ts',
})
