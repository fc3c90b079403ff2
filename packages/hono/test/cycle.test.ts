import { cycleTests } from './cycle.js'

cycleTests('node')
