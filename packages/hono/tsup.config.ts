import { packageConfig } from '../../tsup.config.base'

export default packageConfig({ index: 'src/index.ts', jsx: 'src/jsx.tsx', testing: 'src/testing.ts' })
